"""Sitemaps and robots.txt, parsed with lxml and checked against the sitemap protocol's structure."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import etree

from articles.models import Article, Correction
from discovery.sitemaps import sitemaps
from tests.factories import ArticleFactory, PhotoFactory

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$")


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def locations(root):
    return [loc.text for loc in root.iterfind("sm:url/sm:loc", NS)]


def assert_urlset(root):
    """The protocol's structure: <urlset> of <url> each with one absolute <loc>, optional W3C <lastmod>."""
    assert root.tag == f"{{{NS['sm']}}}urlset"
    urls = root.findall("sm:url", NS)
    assert len(urls) <= 50_000
    for url in urls:
        locs = url.findall("sm:loc", NS)
        assert len(locs) == 1 and locs[0].text.startswith("http://testserver/")
        for lastmod in url.findall("sm:lastmod", NS):
            assert W3C_DATETIME.match(lastmod.text), lastmod.text


def test_index_lists_every_sitemap_with_absolute_addresses(client):
    ArticleFactory()
    root = xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    listed = [loc.text for loc in root.iterfind("sm:sitemap/sm:loc", NS)]
    expected = {f"http://testserver/sitemap-{name}.xml" for name in sitemaps()}
    assert set(listed) == expected
    assert "http://testserver/sitemap-news-en.xml" in listed


def test_every_listed_sitemap_follows_the_protocol(client):
    ArticleFactory(tags=["Water"], hero_photo=PhotoFactory())
    index = xml(client, "/sitemap.xml")
    for loc in index.iterfind("sm:sitemap/sm:loc", NS):
        assert_urlset(xml(client, loc.text.removeprefix("http://testserver")))


def test_article_sitemap_lists_public_articles_of_its_edition(client):
    english = ArticleFactory()
    ArticleFactory(edition="es", slug="tratado")
    assert locations(xml(client, "/sitemap-articles-en.xml")) == ["http://testserver" + english.get_absolute_url()]


def test_article_lastmod_is_the_real_update_time(client):
    article = ArticleFactory(publish_at=timezone.now() - timedelta(days=2))
    corrected = timezone.now() - timedelta(hours=1)
    Correction.objects.create(article=article, text="Corrected the date of the vote.", created_at=corrected)
    lastmod = xml(client, "/sitemap-articles-en.xml").find("sm:url/sm:lastmod", NS).text
    assert lastmod.startswith(corrected.isoformat()[:19])


def test_index_dates_each_article_sitemap_by_its_latest_change(client):
    older = ArticleFactory(publish_at=timezone.now() - timedelta(days=2))
    ArticleFactory(publish_at=timezone.now() - timedelta(days=1), slug="newer")
    corrected = timezone.now() - timedelta(hours=1)
    Correction.objects.create(article=older, text="Corrected the date of the vote.", created_at=corrected)
    entries = {
        entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in xml(client, "/sitemap.xml").iterfind("sm:sitemap", NS)
    }
    assert entries["http://testserver/sitemap-articles-en.xml"].startswith(corrected.isoformat()[:19])


def test_article_sitemap_lists_the_main_image(client):
    article = ArticleFactory(hero_photo=PhotoFactory())
    image = xml(client, "/sitemap-articles-en.xml").find("sm:url/image:image/image:loc", NS)
    assert image.text == "http://testserver" + article.hero_photo.image.url


def test_article_sitemap_splits_into_pages(client, monkeypatch):
    monkeypatch.setattr("discovery.sitemaps.ArticleSitemap.limit", 2)
    for number in range(5):
        ArticleFactory(publish_at=timezone.now() - timedelta(hours=number + 1))
    index = xml(client, "/sitemap.xml")
    pages = [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", NS) if "articles-en" in loc.text]
    assert pages == [
        "http://testserver/sitemap-articles-en.xml",
        "http://testserver/sitemap-articles-en.xml?p=2",
        "http://testserver/sitemap-articles-en.xml?p=3",
    ]
    assert len(locations(xml(client, "/sitemap-articles-en.xml?p=3"))) == 1
    assert client.get("/sitemap-articles-en.xml?p=4").status_code == 404


def test_news_sitemap_has_only_the_last_48_hours(client):
    fresh = ArticleFactory(headline="Fresh story", publish_at=timezone.now() - timedelta(hours=3))
    ArticleFactory(headline="Old story", publish_at=timezone.now() - timedelta(hours=49))
    root = xml(client, "/sitemap-news-en.xml")
    assert locations(root) == ["http://testserver" + fresh.get_absolute_url()]
    news = root.find("sm:url/news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "The Meridian"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == "Fresh story"
    assert W3C_DATETIME.match(news.findtext("news:publication_date", namespaces=NS))


def test_section_tag_and_author_sitemaps_list_their_pages(client):
    article = ArticleFactory(tags=["Water"])
    author = article.bylines.get().author
    assert "http://testserver/en/politics/" in locations(xml(client, "/sitemap-sections.xml"))
    assert locations(xml(client, "/sitemap-tags.xml")) == ["http://testserver/en/tag/water/"]
    assert locations(xml(client, "/sitemap-authors.xml")) == ["http://testserver" + author.get_absolute_url()]


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.UNPUBLISHED},
        {"status": Article.Status.SCHEDULED, "publish_at": timezone.now() + timedelta(hours=2)},
    ],
)
def test_unpublished_articles_are_absent_from_every_sitemap(client, hidden):
    ArticleFactory(slug="secret-story", tags=["Secret tag"], **hidden)
    for name in sitemaps():
        body = client.get(f"/sitemap-{name}.xml").content.decode()
        assert "secret-story" not in body
        assert "secret-tag" not in body
        assert "reporter-" not in body


def test_unknown_sitemap_is_404(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_points_at_the_sitemaps(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news-ar.xml" in lines
    assert "Disallow: /en/search/" in lines


def test_article_sitemap_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _number in range(10):
        ArticleFactory(hero_photo=PhotoFactory())
    with django_assert_max_num_queries(4):
        client.get("/sitemap-articles-en.xml")
