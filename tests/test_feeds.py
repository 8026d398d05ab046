"""RSS and Atom feeds: valid for feed readers (feedparser), complete items, public articles only."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article, Correction
from taxonomy.models import Region
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory

pytestmark = pytest.mark.django_db

FEEDS = [
    "/en/feeds/rss.xml",
    "/en/feeds/atom.xml",
    "/en/feeds/section/politics/rss.xml",
    "/en/feeds/section/news/atom.xml",
    "/en/feeds/region/asia/rss.xml",
    "/en/feeds/tag/water/atom.xml",
    "/en/feeds/author/lina-haddad/rss.xml",
]


@pytest.fixture
def story():
    writer = AuthorFactory(name="Lina Haddad", slug="lina-haddad")
    article = ArticleFactory(
        headline="River treaty signed",
        standfirst="The agreement ends a decade of talks between the two countries, officials said on Tuesday.",
        authors=[writer],
        tags=["Water", "Diplomacy"],
        hero_photo=PhotoFactory(caption="Ministers at the signing", credit="AP"),
    )
    article.regions.add(Region.objects.get(slug="asia"))
    return article


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return feedparser.parse(response.content)


@pytest.mark.parametrize("url", FEEDS)
def test_feed_is_well_formed_for_feed_readers(client, story, url):
    feed = parse(client, url)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert [entry.title for entry in feed.entries] == ["River treaty signed"]


def test_rss_is_rss_2_and_atom_is_atom(client, story):
    assert parse(client, "/en/feeds/rss.xml").version == "rss20"
    assert parse(client, "/en/feeds/atom.xml").version == "atom10"


@pytest.mark.parametrize("url", ["/en/feeds/rss.xml", "/en/feeds/atom.xml"])
def test_item_carries_link_full_standfirst_author_categories_and_image(client, story, url):
    entry = parse(client, url).entries[0]
    assert entry.link == "http://testserver" + story.get_absolute_url()
    assert story.standfirst in entry.summary
    assert entry.author == "Lina Haddad"
    assert {tag.term for tag in entry.tags} == {"Politics", "Water", "Diplomacy"}
    assert entry.media_content[0]["url"] == "http://testserver" + story.hero_photo.image.url
    assert entry.media_content[0]["medium"] == "image"
    assert entry.media_credit[0]["content"] == "AP"


def test_item_categories_come_in_a_fixed_order_so_the_feed_bytes_do_not_wander(client, story):
    entry = parse(client, "/en/feeds/rss.xml").entries[0]
    assert [tag.term for tag in entry.tags] == ["Politics", "Diplomacy", "Water"]


def test_feed_language_is_the_editions(client, story):
    ArticleFactory(edition="ar", headline="توقيع معاهدة النهر", slug="river-treaty")
    feed = parse(client, "/ar/feeds/rss.xml")
    assert feed.feed.language == "ar"
    assert [entry.title for entry in feed.entries] == ["توقيع معاهدة النهر"]


def test_corrections_appear_in_the_item_and_update_its_date(client, story):
    corrected_at = timezone.now() - timedelta(minutes=5)
    Correction.objects.create(article=story, text="An earlier version misnamed the minister.", created_at=corrected_at)
    entry = parse(client, "/en/feeds/atom.xml").entries[0]
    assert "An earlier version misnamed the minister." in entry.summary
    assert "Correction" in entry.summary
    assert entry.updated_parsed[:6] == corrected_at.utctimetuple()[:6]


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.UNPUBLISHED},
        {"status": Article.Status.SCHEDULED, "publish_at": timezone.now() + timedelta(hours=2)},
    ],
)
@pytest.mark.parametrize("url", FEEDS)
def test_unpublished_articles_are_absent_from_feeds(client, url, hidden):
    writer = AuthorFactory(name="Lina Haddad", slug="lina-haddad")
    article = ArticleFactory(headline="Embargoed story", authors=[writer], tags=["Water"], **hidden)
    article.regions.add(Region.objects.get(slug="asia"))
    response = client.get(url)
    assert response.status_code == 200
    assert b"Embargoed story" not in response.content


def test_section_feed_lists_only_that_section(client, story):
    from taxonomy.models import Section

    ArticleFactory(headline="Cup final", section=Section.objects.get(slug="sports"))
    assert [e.title for e in parse(client, "/en/feeds/section/politics/rss.xml").entries] == ["River treaty signed"]


def test_unknown_subject_gives_404(client):
    assert client.get("/en/feeds/tag/no-such-tag/rss.xml").status_code == 404
    assert client.get("/en/feeds/author/nobody/atom.xml").status_code == 404


def test_feed_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for number in range(10):
        ArticleFactory(tags=["Water", f"Tag {number}"], hero_photo=PhotoFactory())
    with django_assert_max_num_queries(10):
        feed = parse(client, "/en/feeds/rss.xml")
    assert len(feed.entries) == 10


def test_pages_link_their_feeds_in_the_head(client, story):
    home = client.get("/en/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in home
    assert 'href="/en/feeds/atom.xml"' in home
    section = client.get("/en/politics/").content.decode()
    assert 'href="/en/feeds/section/politics/rss.xml"' in section
