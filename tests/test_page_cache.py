"""The page cache: what it keeps, for whom, and how fast a change reaches readers.

Runs on SQLite with the local-memory cache and on PostgreSQL with Redis.
"""

import re
from datetime import timedelta

import pytest
import time_machine
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone

from articles.models import Article
from pagecache import middleware
from readership import popularity
from tests.factories import ArticleFactory, AuthorFactory, BreakingItemFactory, RegionFactory, SectionFactory

SLUG = "zanzibar-ferry-deal"
EVERY_KIND = {
    "home": "/en/",
    "section": "/en/politics/",
    "parent section": "/en/news/",
    "region": "/en/region/east-africa/",
    "tag": "/en/tag/ferries/",
    "author": "/en/author/amina-said/",
    "live": "/en/live/",
    "search": "/en/search/?q=Zanzibar",
    "rss": "/en/feeds/rss.xml",
    "atom": "/en/feeds/atom.xml",
    "section feed": "/en/feeds/section/politics/rss.xml",
    "tag feed": "/en/feeds/tag/ferries/rss.xml",
    "author feed": "/en/feeds/author/amina-said/atom.xml",
    "sitemap": "/sitemap-articles-en-{month}.xml",  # the month the story is published in: see ``address``
    "news sitemap": "/sitemap-news-en.xml",
    "api list": "/api/v1/articles/?edition=en",
}
# Pages that show headlines (the sitemaps show addresses only).
HEADLINE_KINDS = {kind: url for kind, url in EVERY_KIND.items() if "sitemap" not in kind}


@pytest.fixture(autouse=True)
def _shared_cache_lifetime(monkeypatch):
    # The local-memory cache keeps copies one second; these tests want to see what
    # invalidation does, not what expiry does.
    monkeypatch.setattr(middleware, "LOCAL_SECONDS", 60)


@pytest.fixture
def story(db):
    """A draft, ready to publish: in Politics (under News), with a region, tag and author."""
    news = SectionFactory(slug="news", name="News")
    politics = SectionFactory(slug="politics", name="Politics")
    politics.parent = news
    politics.save()
    author = AuthorFactory(slug="amina-said", name="Amina Said")
    ArticleFactory(
        headline="Harbour reopens after storm",
        authors=[author],
        tags=["ferries", "harbours"],
        publish_at=timezone.now() - timedelta(minutes=2),  # in this month's sitemap, with the story
    )
    article = ArticleFactory(
        headline="Zanzibar ferry deal signed",
        slug=SLUG,
        status=Article.Status.DRAFT,
        publish_at=None,
        authors=[author],
        tags=["ferries"],
    )
    article.regions.add(RegionFactory(slug="east-africa", name="East Africa"))
    return Article.objects.get(pk=article.pk)


def address(url):
    """``url`` with the current month filled in, taken when the test runs rather than at import."""
    return url.format(month=f"{timezone.now():%Y-%m}")


def publish(article):
    article.status = Article.Status.PUBLISHED
    article.publish_at = timezone.now() - timedelta(minutes=1)
    article.save()


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code in (200, 304), (url, response.status_code)
    return response


def warm(client, url):
    """Fetch twice, so the second answer proves the page is served from the cache."""
    get(client, url)
    response = get(client, url)
    assert response["X-Page-Cache"] == "hit", url
    return response.content.decode()


@pytest.mark.parametrize("kind", EVERY_KIND)
def test_publishing_shows_the_article_at_once_on_every_kind_of_page(client, story, kind):
    url = address(EVERY_KIND[kind])
    assert SLUG not in warm(client, url)
    publish(story)
    assert SLUG in get(client, url).content.decode()


@pytest.mark.parametrize("kind", EVERY_KIND)
def test_unpublishing_removes_the_article_at_once_from_every_kind_of_page(client, story, kind):
    url = address(EVERY_KIND[kind])
    publish(story)
    assert SLUG in warm(client, url)
    story.refresh_from_db()
    story.status = Article.Status.UNPUBLISHED
    story.save()
    assert SLUG not in get(client, url).content.decode()


@pytest.mark.parametrize("kind", HEADLINE_KINDS)
def test_updating_a_headline_shows_at_once_on_every_kind_of_page(client, story, kind):
    url = HEADLINE_KINDS[kind]
    publish(story)
    warm(client, url)
    story.refresh_from_db()
    story.headline = "Zanzibar ferry deal collapses"
    story.save()
    assert "ferry deal collapses" in get(client, url).content.decode()


def test_updating_the_article_shows_on_its_own_page_and_in_the_api(client, story):
    publish(story)
    urls = [story.get_absolute_url(), f"/api/v1/articles/{story.pk}/"]
    for url in urls:
        warm(client, url)
    story.refresh_from_db()
    story.standfirst = "Talks broke down overnight."
    story.save()
    for url in urls:
        assert "Talks broke down overnight." in get(client, url).content.decode()


def test_unpublished_article_page_is_gone_at_once(client, story):
    publish(story)
    url = story.get_absolute_url()
    warm(client, url)
    story.refresh_from_db()
    story.status = Article.Status.UNPUBLISHED
    story.save()
    assert client.get(url).status_code == 404


def test_adding_a_tag_shows_the_article_on_the_tag_page(client, story):
    publish(story)
    assert SLUG not in warm(client, "/en/tag/harbours/")
    story.tags.add("harbours")
    assert SLUG in get(client, "/en/tag/harbours/").content.decode()


def test_scheduled_article_appears_at_its_time_without_any_save(client, story):
    story.status = Article.Status.SCHEDULED
    story.publish_at = timezone.now() + timedelta(minutes=10)
    story.save()
    assert SLUG not in warm(client, "/en/")
    with time_machine.travel(timezone.now() + timedelta(minutes=11), tick=False):
        assert SLUG in get(client, "/en/").content.decode()


def test_posting_and_expiring_breaking_news_shows_at_once(client, story):
    for url in ("/en/", "/en/breaking.json"):
        warm(client, url)
    item = BreakingItemFactory(text="Ferry service suspended")
    for url in ("/en/", "/en/breaking.json"):
        assert "Ferry service suspended" in get(client, url).content.decode()
    item.expire()
    for url in ("/en/", "/en/breaking.json"):
        assert "Ferry service suspended" not in get(client, url).content.decode()


def test_breaking_item_leaves_cached_pages_when_it_expires_by_itself(client, story):
    BreakingItemFactory(text="Ferry service suspended", expires_at=timezone.now() + timedelta(minutes=5))
    assert "Ferry service suspended" in warm(client, "/en/")
    with time_machine.travel(timezone.now() + timedelta(minutes=6), tick=False):
        assert "Ferry service suspended" not in get(client, "/en/").content.decode()


def test_a_change_in_one_edition_leaves_the_others_cached(client, story):
    warm(client, "/ar/")
    publish(story)
    assert get(client, "/ar/")["X-Page-Cache"] == "hit"


def test_cached_page_costs_no_database_query(client, story, django_assert_num_queries):
    publish(story)
    warm(client, story.get_absolute_url())
    with django_assert_num_queries(0):
        assert get(client, story.get_absolute_url())["X-Page-Cache"] == "hit"


def test_editor_always_gets_a_fresh_private_page(client, story, editor):
    publish(story)
    warm(client, "/en/")
    # A change that bypasses signals: readers keep the cached copy, the editor does not.
    Article.objects.filter(pk=story.pk).update(headline="Edited behind the cache's back")
    assert "behind the cache" not in get(client, "/en/").content.decode()
    client.force_login(editor)
    response = get(client, "/en/")
    assert "behind the cache" in response.content.decode()
    assert response["X-Page-Cache"] == "bypass"
    assert "private" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]


def test_editor_page_is_not_stored_for_readers(client, story, editor):
    client.force_login(editor)
    get(client, "/en/")
    client.logout()
    assert get(client, "/en/")["X-Page-Cache"] == "miss"


def test_cacheable_page_tells_a_cdn_how_long_to_keep_it(client, story):
    control = get(client, "/en/")["Cache-Control"]
    for directive in ("public", "max-age=0", "s-maxage=1", "stale-while-revalidate=30"):
        assert directive in control


def test_api_keeps_its_own_max_age_and_gets_cdn_directives(client, story):
    control = get(client, "/api/v1/articles/")["Cache-Control"]
    assert "max-age=60" in control
    assert "s-maxage=1" in control


@pytest.mark.parametrize("warm_first", [False, True], ids=["fresh", "cached"])
def test_matching_etag_gets_304(client, story, warm_first):
    if warm_first:
        warm(client, "/en/")
    etag = get(client, "/en/")["ETag"]
    response = client.get("/en/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_modified_since_gets_304_until_the_page_changes(client, story):
    last_modified = get(client, "/en/")["Last-Modified"]
    assert client.get("/en/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    publish(story)
    with time_machine.travel(timezone.now() + timedelta(seconds=2), tick=False):
        assert client.get("/en/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200


def test_etag_changes_when_the_page_changes(client, story):
    before = get(client, "/en/")["ETag"]
    publish(story)
    assert get(client, "/en/")["ETag"] != before


def test_article_views_are_counted_when_served_from_the_cache(client, story):
    publish(story)
    warm(client, story.get_absolute_url())
    get(client, story.get_absolute_url())
    assert popularity.view_counts("en")[story.pk] == 3


def test_api_article_views_are_counted_when_served_from_the_cache(client, story):
    publish(story)
    warm(client, f"/api/v1/articles/{story.pk}/")
    assert popularity.view_counts("en")[story.pk] == 2


def test_not_found_pages_are_not_stored(client, story):
    client.get("/en/no-such-section/")
    assert client.get("/en/no-such-section/")["X-Page-Cache"] == "miss"


def test_admin_is_never_cached(client, story):
    response = client.get("/admin/login/")
    assert "X-Page-Cache" not in response


def test_switching_the_cache_off_serves_every_request_from_the_views(client, story, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    get(client, "/en/")
    assert "X-Page-Cache" not in get(client, "/en/")


def test_answers_that_set_cookies_or_vary_on_them_are_not_stored():
    with_cookie = HttpResponse("hello")
    with_cookie.set_cookie("seen", "1")
    varies = HttpResponse("hello")
    varies["Vary"] = "Cookie"
    assert not middleware._storable(with_cookie)
    assert not middleware._storable(varies)
    assert middleware._storable(HttpResponse("hello"))


def test_api_answers_are_kept_apart_by_format_and_accept_header(client, story):
    publish(story)
    url = f"/api/v1/articles/{story.pk}/"
    json_body = get(client, url).content
    ninjs = client.get(url + "?format=ninjs")
    assert ninjs.content != json_body
    assert get(client, url).content == json_body
    assert get(client, url, HTTP_ACCEPT="application/json")["X-Page-Cache"] == "miss"
    assert get(client, url, HTTP_ACCEPT="application/json")["X-Page-Cache"] == "hit"


def nonce_page(request):
    return HttpResponse(f'<script nonce="{request.csp_nonce}">go()</script>')


# For the nonce test only (``pytest.mark.urls`` points here).
urlpatterns = [path("en/nonce/", nonce_page)]


@pytest.mark.urls("tests.test_page_cache")
def test_cached_page_gets_a_fresh_csp_nonce_that_matches_its_header(client, db):
    nonces = []
    for expected in ("miss", "hit", "hit"):
        response = get(client, "/en/nonce/")
        assert response["X-Page-Cache"] == expected
        nonce = re.search(r'nonce="([^"]+)"', response.content.decode())[1]
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert len(set(nonces)) == 3


SECURITY_HEADERS = ("X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy", "X-Frame-Options")


def test_a_hit_carries_the_headers_the_middlewares_gave_the_page_without_running_them(client, story):
    url = EVERY_KIND["home"]
    miss, hit = client.get(url), client.get(url)
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for header in SECURITY_HEADERS:
        assert hit[header] == miss[header], header
    no_nonce = re.compile(r"'nonce-[^']+'")
    assert no_nonce.sub("", hit["Content-Security-Policy"]) == no_nonce.sub("", miss["Content-Security-Policy"])
    assert "Set-Cookie" not in hit


def test_a_hit_is_one_read_of_the_cache(client, story, cache_reads):
    """The stored page and the clock come back in one round trip, whatever the number of its keys."""
    url = EVERY_KIND["home"]
    assert client.get(url)["X-Page-Cache"] == "miss"
    cache_reads.clear()
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert len(cache_reads) == 1, cache_reads
    assert len(cache_reads[0][0]) == 3  # the page, the clock and the time of the latest change
