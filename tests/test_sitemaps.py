"""Sitemaps and robots.txt, parsed with lxml and checked against the sitemap protocol's structure."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from articles.models import Article, Correction
from discovery import sitemaps
from discovery.models import SitemapMonth
from tests.factories import ArticleFactory, AuthorFactory, PhotoFactory, RegionFactory

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$")
ORIGIN = "http://testserver"


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def locations(root):
    return [loc.text for loc in root.iterfind("sm:url/sm:loc", NS)]


def index(client):
    """The index as {address without the origin: lastmod text or None}, in its order."""
    return {
        entry.findtext("sm:loc", namespaces=NS).removeprefix(ORIGIN): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in xml(client, "/sitemap.xml").iterfind("sm:sitemap", NS)
    }


def month_url(article, page=1):
    when = article.publish_at.astimezone(UTC)
    return f"/sitemap-articles-{article.edition}-{when:%Y-%m}.xml" + (f"?p={page}" if page > 1 else "")


def assert_urlset(root):
    """The protocol's structure: <urlset> of <url> each with one absolute <loc>, optional W3C <lastmod>."""
    assert root.tag == f"{{{NS['sm']}}}urlset"
    urls = root.findall("sm:url", NS)
    assert len(urls) <= 50_000
    for url in urls:
        locs = url.findall("sm:loc", NS)
        assert len(locs) == 1 and locs[0].text.startswith(ORIGIN + "/")
        for lastmod in url.findall("sm:lastmod", NS):
            assert W3C_DATETIME.match(lastmod.text), lastmod.text


def test_index_lists_each_editions_months_news_listings_tags_and_authors(client):
    english = ArticleFactory(tags=["Water"])
    spanish = ArticleFactory(edition="es", slug="tratado", publish_at=timezone.now() - timedelta(days=70))
    listed = list(index(client))
    assert listed == [
        month_url(english),
        month_url(spanish),
        "/sitemap-news-en.xml",
        "/sitemap-news-ar.xml",
        "/sitemap-news-es.xml",
        "/sitemap-sections.xml",
        "/sitemap-regions.xml",
        "/sitemap-tags-en.xml",
        "/sitemap-tags-ar.xml",
        "/sitemap-tags-es.xml",
        "/sitemap-authors.xml",
    ]


def test_every_listed_sitemap_follows_the_protocol(client):
    ArticleFactory(tags=["Water"], hero_photo=PhotoFactory())
    for address in index(client):
        assert_urlset(xml(client, address))


def test_month_sitemap_lists_the_editions_public_articles_of_that_month(client):
    now = timezone.now()
    english = ArticleFactory()
    ArticleFactory(edition="es", slug="tratado", publish_at=english.publish_at)
    ArticleFactory(slug="last-year", publish_at=now - timedelta(days=400))
    assert locations(xml(client, month_url(english))) == [ORIGIN + english.get_absolute_url()]


def test_months_are_utc_calendar_months(client):
    late = ArticleFactory(publish_at=datetime(2025, 3, 31, 23, 30, tzinfo=UTC))
    early = ArticleFactory(slug="april", publish_at=datetime(2025, 4, 1, 0, 15, tzinfo=UTC))
    assert locations(xml(client, "/sitemap-articles-en-2025-03.xml")) == [ORIGIN + late.get_absolute_url()]
    assert locations(xml(client, "/sitemap-articles-en-2025-04.xml")) == [ORIGIN + early.get_absolute_url()]


def test_addresses_match_the_pages_for_non_latin_slugs(client):
    article = ArticleFactory(edition="ar", slug="اتفاق-العبارات", tags=["موانئ"])
    assert locations(xml(client, month_url(article))) == [ORIGIN + article.get_absolute_url()]
    assert locations(xml(client, "/sitemap-tags-ar.xml")) == [ORIGIN + "/ar/tag/%D9%85%D9%88%D8%A7%D9%86%D8%A6/"]
    assert client.get("/ar/tag/%D9%85%D9%88%D8%A7%D9%86%D8%A6/").status_code == 200


def test_article_lastmod_is_the_real_update_time(client):
    article = ArticleFactory(publish_at=timezone.now() - timedelta(days=2))
    corrected = timezone.now() - timedelta(hours=1)
    Correction.objects.create(article=article, text="Corrected the date of the vote.", created_at=corrected)
    lastmod = xml(client, month_url(article)).find("sm:url/sm:lastmod", NS).text
    assert lastmod.startswith(corrected.isoformat()[:19])


def test_index_dates_each_month_by_its_latest_change(client):
    older = ArticleFactory(publish_at=datetime(2025, 3, 2, tzinfo=UTC))
    ArticleFactory(slug="newer", publish_at=datetime(2025, 3, 9, tzinfo=UTC))
    assert index(client)["/sitemap-articles-en-2025-03.xml"].startswith("2025-03-09T00:00:00")
    corrected = timezone.now() - timedelta(hours=1)
    Correction.objects.create(article=older, text="Corrected the date of the vote.", created_at=corrected)
    assert index(client)["/sitemap-articles-en-2025-03.xml"].startswith(corrected.isoformat()[:19])


def test_article_sitemap_lists_the_main_image(client):
    article = ArticleFactory(hero_photo=PhotoFactory())
    image = xml(client, month_url(article)).find("sm:url/image:image/image:loc", NS)
    assert image.text == ORIGIN + article.hero_photo.image.url


def test_a_full_month_continues_on_further_pages_oldest_first(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "ARTICLES_PER_SITEMAP", 2)
    start = datetime(2025, 3, 1, tzinfo=UTC)
    articles = [ArticleFactory(publish_at=start + timedelta(days=number)) for number in range(5)]
    assert [address for address in index(client) if "articles" in address] == [
        "/sitemap-articles-en-2025-03.xml",
        "/sitemap-articles-en-2025-03.xml?p=2",
        "/sitemap-articles-en-2025-03.xml?p=3",
    ]
    pages = [locations(xml(client, month_url(articles[0], page))) for page in (1, 2, 3)]
    assert pages == [[ORIGIN + article.get_absolute_url() for article in articles[n : n + 2]] for n in (0, 2, 4)]
    assert client.get("/sitemap-articles-en-2025-03.xml?p=4").status_code == 404


@pytest.mark.parametrize(
    "address",
    [
        "/sitemap-articles-en-2025-03.xml?p=0",
        "/sitemap-articles-en-2025-03.xml?p=two",
        "/sitemap-articles-en-2025-03.xml?p=99999999999",
        "/sitemap-articles-en-2025-13.xml",
        "/sitemap-articles-en-2025-02.xml",  # a month with nothing published
        "/sitemap-articles-xx-2025-03.xml",
        "/sitemap-news-xx.xml",
        "/sitemap-tags-xx.xml",
        "/sitemap-tags-en.xml?p=2",
        "/sitemap-nothing.xml",
    ],
)
def test_unknown_sitemaps_and_pages_are_404(client, address):
    ArticleFactory(publish_at=datetime(2025, 3, 2, tzinfo=UTC), tags=["Water"])
    assert client.get(address).status_code == 404


def test_news_sitemap_has_only_the_last_48_hours(client):
    fresh = ArticleFactory(headline="Fresh story", publish_at=timezone.now() - timedelta(hours=3))
    ArticleFactory(headline="Old story", publish_at=timezone.now() - timedelta(hours=49))
    root = xml(client, "/sitemap-news-en.xml")
    assert locations(root) == [ORIGIN + fresh.get_absolute_url()]
    news = root.find("sm:url/news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "The Meridian"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == "Fresh story"
    assert W3C_DATETIME.match(news.findtext("news:publication_date", namespaces=NS))


def test_headlines_are_escaped(client):
    ArticleFactory(headline="Ports & harbours <reopen>")
    root = xml(client, "/sitemap-news-en.xml")  # would not parse unescaped
    assert root.findtext("sm:url/news:news/news:title", namespaces=NS) == "Ports & harbours <reopen>"


def test_section_region_tag_and_author_sitemaps_list_their_pages(client):
    article = ArticleFactory(tags=["Water"])
    author = article.bylines.get().author
    AuthorFactory(slug="no-stories-yet")
    sections = xml(client, "/sitemap-sections.xml")
    assert ORIGIN + "/en/politics/" in locations(sections)
    assert ORIGIN + "/es/politics/" in locations(sections)
    assert locations(xml(client, "/sitemap-tags-en.xml")) == [ORIGIN + "/en/tag/water/"]
    assert locations(xml(client, "/sitemap-tags-es.xml")) == []  # no Spanish story carries it
    assert locations(xml(client, "/sitemap-authors.xml")) == [ORIGIN + author.get_absolute_url()]


def test_listings_are_dated_by_their_newest_article(client):
    newest = ArticleFactory(tags=["Water"], publish_at=timezone.now() - timedelta(hours=2))
    ArticleFactory(tags=["Water"], slug="older", publish_at=timezone.now() - timedelta(days=3))
    tag = xml(client, "/sitemap-tags-en.xml").find("sm:url", NS)
    assert tag.findtext("sm:lastmod", namespaces=NS).startswith(newest.publish_at.isoformat()[:19])
    sections = xml(client, "/sitemap-sections.xml")
    politics = next(
        url
        for url in sections.iterfind("sm:url", NS)
        if url.findtext("sm:loc", namespaces=NS).endswith("/en/politics/")
    )
    assert politics.findtext("sm:lastmod", namespaces=NS).startswith(newest.publish_at.isoformat()[:19])


def test_the_index_dates_each_listing_file_by_the_newest_date_inside_it(client):
    region = RegionFactory(slug="sahel")
    in_region = ArticleFactory(slug="in-region", publish_at=timezone.now() - timedelta(days=2))
    in_region.regions.add(region)
    ArticleFactory(slug="newer-without-region", publish_at=timezone.now() - timedelta(hours=1))
    ArticleFactory(slug="hidden-in-region", status=Article.Status.DRAFT).regions.add(region)
    dated = index(client)
    for name in ("sections", "regions"):
        inside = [url.findtext("sm:lastmod", namespaces=NS) for url in xml(client, f"/sitemap-{name}.xml")]
        assert dated[f"/sitemap-{name}.xml"] == max(filter(None, inside))
    assert dated["/sitemap-regions.xml"].startswith(in_region.publish_at.astimezone(UTC).isoformat()[:19])


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.UNPUBLISHED},
        {"status": Article.Status.SCHEDULED, "publish_at": timezone.now() + timedelta(hours=2)},
        {"deleted_at": timezone.now()},
    ],
)
def test_unpublished_articles_are_absent_from_every_sitemap(client, hidden):
    ArticleFactory(publish_at=timezone.now() - timedelta(hours=3))  # so the month is listed
    secret = ArticleFactory(
        slug="secret-story", tags=["Secret tag"], authors=[AuthorFactory(slug="reporter-x")], **hidden
    )
    addresses = [*index(client), month_url(secret)]
    for address in addresses:
        response = client.get(address)
        assert response.status_code in (200, 404)
        body = response.content.decode()
        assert "secret-story" not in body
        assert "secret-tag" not in body
        assert "reporter-x" not in body


def test_robots_txt_points_at_the_sitemaps(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news-ar.xml" in lines
    assert "Disallow: /en/search/" in lines


def test_sitemaps_carry_last_modified_and_noindex(client):
    article = ArticleFactory(publish_at=datetime(2025, 3, 2, 8, 0, tzinfo=UTC))
    response = client.get(month_url(article))
    assert response["Last-Modified"] == "Sun, 02 Mar 2025 08:00:00 GMT"
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"


@pytest.mark.parametrize("articles", [2, 12])
def test_month_sitemap_and_index_cost_a_fixed_number_of_queries(client, uncached, articles):
    start = datetime(2025, 3, 2, tzinfo=UTC)
    for number in range(articles):  # as many in March, and as many months after it, each with its photo and tag
        for moment in (start + timedelta(hours=number), start + timedelta(days=31 * (number + 1))):
            ArticleFactory(hero_photo=PhotoFactory(), publish_at=moment, tags=[f"t{number}"])
    client.get("/sitemap.xml")  # the middleware's first look at the schedule
    with CaptureQueriesContext(connection) as month:
        assert client.get("/sitemap-articles-en-2025-03.xml").status_code == 200
    with CaptureQueriesContext(connection) as whole:
        assert client.get("/sitemap.xml").status_code == 200
    assert (len(month), len(whole)) == (2, 5)


# --- The month tally ------------------------------------------------------------------------------


def tally():
    return {(row.edition, f"{row.month:%Y-%m}"): row.articles for row in SitemapMonth.objects.all()}


def test_the_tally_follows_publishing_moving_unpublishing_and_deleting():
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=datetime(2025, 3, 2, tzinfo=UTC))
    assert tally() == {}
    article.status = Article.Status.PUBLISHED
    article.save()
    assert tally() == {("en", "2025-03"): 1}
    article.publish_at = datetime(2025, 5, 2, tzinfo=UTC)
    article.edition = "es"
    article.save()
    assert tally() == {("es", "2025-05"): 1}
    article.move_to_trash()
    assert tally() == {}
    article.restore()
    assert tally() == {("es", "2025-05"): 1}
    article.delete()
    assert tally() == {}


def test_a_scheduled_article_joins_its_month_when_its_time_comes(client):
    with time_machine.travel(datetime(2025, 3, 10, 12, 0, tzinfo=UTC), tick=False) as traveller:
        ArticleFactory(slug="live-already", publish_at=datetime(2025, 3, 9, tzinfo=UTC))
        later = ArticleFactory(
            slug="goes-live-later", status=Article.Status.SCHEDULED, publish_at=datetime(2025, 3, 12, tzinfo=UTC)
        )
        assert "goes-live-later" not in client.get("/sitemap-articles-en-2025-03.xml").content.decode()
        assert index(client)["/sitemap-articles-en-2025-03.xml"].startswith("2025-03-09")
        traveller.move_to(datetime(2025, 3, 12, 0, 5, tzinfo=UTC))  # no save in between
        assert index(client)["/sitemap-articles-en-2025-03.xml"].startswith("2025-03-12")
        assert ORIGIN + later.get_absolute_url() in locations(xml(client, "/sitemap-articles-en-2025-03.xml"))


def test_rebuilding_the_tally_gives_what_saves_kept():
    ArticleFactory(publish_at=datetime(2025, 3, 2, tzinfo=UTC))
    corrected = ArticleFactory(slug="corrected", publish_at=datetime(2025, 3, 5, tzinfo=UTC))
    Correction.objects.create(article=corrected, text="Fixed a name.", created_at=datetime(2025, 6, 1, tzinfo=UTC))
    ArticleFactory(edition="ar", slug="arabic", publish_at=datetime(2024, 12, 31, tzinfo=UTC))
    ArticleFactory(slug="soon", status=Article.Status.SCHEDULED, publish_at=timezone.now() + timedelta(days=3))
    fields = ("edition", "month", "articles", "last_modified", "pending_from")
    kept = sorted(SitemapMonth.objects.values_list(*fields))
    SitemapMonth.objects.all().delete()
    call_command("rebuild_sitemap_months", verbosity=0)
    assert sorted(SitemapMonth.objects.values_list(*fields)) == kept
    assert len(kept) == 3
