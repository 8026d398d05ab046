"""Precise invalidation: a change rebuilds the cached pages that show it, and only those.

Every cacheable answer names what it showed (surrogate keys); publishing, editing or pulling a
story renews its keys and those of the lists it belongs to, so unrelated pages stay hits.
"""

import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from taggit.models import Tag

from articles.models import Article
from pagecache import generations, middleware, purging, shown
from tests.factories import ArticleFactory, AuthorFactory, BreakingItemFactory, SectionFactory


@pytest.fixture(autouse=True)
def _shared_cache_lifetime(monkeypatch):
    # The local-memory cache keeps copies one second; these tests look at invalidation, not expiry.
    monkeypatch.setattr(middleware, "LOCAL_SECONDS", 60)


@pytest.fixture
def newsroom(db):
    """A draft in Politics (under News) tagged "ferries", and published stories elsewhere."""
    news = SectionFactory(slug="news", name="News")
    politics = SectionFactory(slug="politics", name="Politics", parent=news)
    sport = SectionFactory(slug="sport", name="Sport")
    amina, kofi = AuthorFactory(slug="amina-said", name="Amina Said"), AuthorFactory(slug="kofi-mensah")
    earlier = timezone.now() - timedelta(minutes=5)
    match = ArticleFactory(
        headline="Derby ends level", section=sport, authors=[kofi], tags=["football"], publish_at=earlier
    )
    ArticleFactory(headline="Harbour reopens", section=politics, authors=[amina], publish_at=earlier)
    ArticleFactory(headline="Puerto reabre", edition="es", section=politics, publish_at=earlier)
    draft = ArticleFactory(
        headline="Zanzibar ferry deal signed",
        slug="zanzibar-ferry-deal",
        section=politics,
        status=Article.Status.DRAFT,
        publish_at=None,
        authors=[amina],
        tags=["ferries"],
    )
    return {"draft": draft, "match": match}


SHOWING_THE_DRAFT_ONCE_OUT = {
    "front page": "/en/",
    "its section": "/en/politics/",
    "its parent section": "/en/news/",
    "its tag": "/en/tag/ferries/",
    "its author": "/en/author/amina-said/",
    "feed": "/en/feeds/rss.xml",
    "news sitemap": "/sitemap-news-en.xml",
    "api list": "/api/v1/articles/?edition=en",
}
NOT_SHOWING_IT = {
    "another section": "/en/sport/",
    "another tag": "/en/tag/football/",
    "another author": "/en/author/kofi-mensah/",
    "another edition": "/es/",
    "another edition's section": "/es/politics/",
    "a page with no stories": "/en/about/",
}


def publish(article):
    article.status = Article.Status.PUBLISHED
    article.publish_at = timezone.now() - timedelta(minutes=1)
    article.save()


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def warm(client, *urls):
    for url in urls:
        fetch(client, url)
        assert fetch(client, url)["X-Page-Cache"] == "hit", url


def test_publishing_a_story_rebuilds_the_pages_that_list_it_and_leaves_the_others_cached(client, newsroom):
    match_page = newsroom["match"].get_absolute_url()
    warm(client, *SHOWING_THE_DRAFT_ONCE_OUT.values(), *NOT_SHOWING_IT.values(), match_page)
    publish(newsroom["draft"])
    for kind, url in {**NOT_SHOWING_IT, "another story's page": match_page}.items():
        assert fetch(client, url)["X-Page-Cache"] == "hit", kind
    for kind, url in SHOWING_THE_DRAFT_ONCE_OUT.items():
        response = fetch(client, url)
        assert response["X-Page-Cache"] == "miss", kind
        assert "zanzibar-ferry-deal" in response.content.decode(), kind


def test_editing_a_headline_rebuilds_the_pages_that_show_the_story_only(client, newsroom):
    match = newsroom["match"]
    showing = {"its page": match.get_absolute_url(), "its section": "/en/sport/", "front page": "/en/"}
    not_showing = {"another section": "/en/politics/", "another edition": "/es/"}
    warm(client, *showing.values(), *not_showing.values())
    match.headline = "Derby won in stoppage time"
    match.save()
    for kind, url in not_showing.items():
        assert fetch(client, url)["X-Page-Cache"] == "hit", kind
    for kind, url in showing.items():
        response = fetch(client, url)
        assert response["X-Page-Cache"] == "miss", kind
        assert "Derby won in stoppage time" in response.content.decode(), kind


def test_unpublishing_a_story_takes_it_off_the_pages_that_showed_it(client, newsroom):
    match = newsroom["match"]
    warm(client, "/en/sport/", "/en/tag/football/", "/en/politics/")
    match.status = Article.Status.DRAFT
    match.save()
    assert fetch(client, "/en/politics/")["X-Page-Cache"] == "hit"
    for url in ("/en/sport/", "/en/tag/football/"):
        response = fetch(client, url)
        assert response["X-Page-Cache"] == "miss"
        assert "Derby ends level" not in response.content.decode()


def test_renaming_a_tag_or_an_author_rebuilds_the_pages_that_show_them(client, newsroom):
    match_page = newsroom["match"].get_absolute_url()
    warm(client, match_page, "/en/politics/")
    Tag.objects.filter(name="football").get().save()
    assert fetch(client, match_page)["X-Page-Cache"] == "miss"
    assert fetch(client, "/en/politics/")["X-Page-Cache"] == "hit"
    author = newsroom["match"].authors.get()
    author.name = "Kofi A. Mensah"
    author.save()
    assert "Kofi A. Mensah" in fetch(client, match_page).content.decode()
    assert fetch(client, "/en/politics/")["X-Page-Cache"] == "hit"


def test_a_breaking_item_rebuilds_its_edition_s_pages_and_not_the_others(client, newsroom):
    warm(client, "/en/sport/", "/es/")
    BreakingItemFactory(edition="en", text="Storm warning for the coast")
    assert "Storm warning for the coast" in fetch(client, "/en/sport/").content.decode()
    assert fetch(client, "/es/")["X-Page-Cache"] == "hit"


def test_after_an_unrelated_publish_a_hit_costs_no_query_and_reads_its_keys_once(
    client, newsroom, django_assert_num_queries, cache_reads
):
    warm(client, "/en/sport/")
    publish(newsroom["draft"])
    cache_reads.clear()
    with django_assert_num_queries(0):
        assert fetch(client, "/en/sport/")["X-Page-Cache"] == "hit"
    assert len(cache_reads) == 2, cache_reads  # the page and the clock (which moved), then the page's tokens
    cache_reads.clear()
    with django_assert_num_queries(0):
        assert fetch(client, "/en/sport/")["X-Page-Cache"] == "hit"
    # Checked at this clock: the page and the clock only (with Redis, none while it reports no change).
    assert len(cache_reads) <= 1, cache_reads


def test_answers_name_what_they_show_for_a_cdn(client, newsroom):
    match = newsroom["match"]
    miss, hit = fetch(client, match.get_absolute_url()), fetch(client, match.get_absolute_url())
    assert hit["X-Page-Cache"] == "hit"
    keys = miss["Surrogate-Key"].split(" ")
    assert hit["Surrogate-Key"] == miss["Surrogate-Key"]
    assert miss["Cache-Tag"].split(",") == keys
    tag = Tag.objects.get(name="football")
    for key in (f"article-{match.pk}", f"list-section-en-{match.section_id}", f"list-tag-{tag.pk}", "edition-en"):
        assert key in keys, key
    assert "ticker-en" in keys
    assert "list-en" not in keys  # the page lists its section and tag, not the edition's newest
    assert "list-en" in fetch(client, "/en/feeds/rss.xml")["Surrogate-Key"].split(" ")
    assert "s-maxage" in miss["Cache-Control"]


def test_editors_pages_name_no_keys(client, newsroom, django_user_model):
    client.force_login(django_user_model.objects.create_user("editor", password="x", is_staff=True))
    response = fetch(client, "/en/sport/")
    assert response["X-Page-Cache"] == "bypass"
    assert not response.has_header("Surrogate-Key")


def _cacheable_request():
    request = RequestFactory().get("/en/race/")
    request.COOKIES = {}
    return request


def test_a_page_whose_story_changed_while_it_was_built_is_not_stored(db):
    def view_during_a_publish(request):
        shown.show("article-1")
        generations.invalidate_keys(["article-1"])  # an editor's save lands mid-render
        return HttpResponse("old headline")

    page = middleware.PageCacheMiddleware(view_during_a_publish)
    assert page(_cacheable_request())["X-Page-Cache"] == "miss"
    assert page(_cacheable_request())["X-Page-Cache"] == "miss"

    quiet = middleware.PageCacheMiddleware(lambda request: shown.show("article-1") or HttpResponse("headline"))
    assert quiet(_cacheable_request())["X-Page-Cache"] == "miss"
    assert quiet(_cacheable_request())["X-Page-Cache"] == "hit"


def test_a_page_whose_token_was_evicted_is_rebuilt_once_anything_changes(db):
    page = middleware.PageCacheMiddleware(lambda request: shown.show("article-7") or HttpResponse("story 7"))
    page(_cacheable_request())
    assert page(_cacheable_request())["X-Page-Cache"] == "hit"
    cache.delete(generations.token_key("article-7"))
    assert page(_cacheable_request())["X-Page-Cache"] == "hit"  # the clock has not moved: nothing changed
    generations.invalidate_keys(["article-8"])  # the clock moves; article-7's token cannot be checked
    assert page(_cacheable_request())["X-Page-Cache"] == "miss"
    assert page(_cacheable_request())["X-Page-Cache"] == "hit"


def test_another_worker_reads_a_pages_bytes_once_and_rebuilds_it_when_they_were_evicted(db, cache_reads):
    def view(request):
        shown.show("article-7")
        return HttpResponse("story 7 " * 500)

    middleware.PageCacheMiddleware(view)(_cacheable_request())  # stored by one worker
    other = middleware.PageCacheMiddleware(view)
    cache_reads.clear()
    assert other(_cacheable_request())["X-Page-Cache"] == "hit"
    assert len(cache_reads) == 2  # its headers and the clock, then its bytes
    cache_reads.clear()
    hit = other(_cacheable_request())
    assert (hit["X-Page-Cache"], hit.content) == ("hit", b"story 7 " * 500)
    assert len(cache_reads) == 1  # the bytes are this worker's own now
    stored = cache.get(middleware._cache_key(_cacheable_request()))
    cache.delete(middleware.body_key(stored["body"]))  # evicted on their own, the headers still there
    assert middleware.PageCacheMiddleware(view)(_cacheable_request())["X-Page-Cache"] == "miss"


def test_while_one_worker_rebuilds_a_changed_page_the_others_show_the_old_copy(db):
    version = ["story 7, first version"]
    page = middleware.PageCacheMiddleware(lambda request: shown.show("article-7") or HttpResponse(version[0]))
    page(_cacheable_request())
    version[0] = "story 7, second version"
    generations.invalidate_keys(["article-7"])
    rebuilding = middleware.rebuild_key(middleware._cache_key(_cacheable_request()))
    cache.add(rebuilding, True, middleware.REBUILD_SECONDS)  # another worker has started
    stale = page(_cacheable_request())
    assert (stale["X-Page-Cache"], stale.content) == ("stale", b"story 7, first version")
    cache.delete(rebuilding)  # that worker is done (or gone)
    rebuilt = page(_cacheable_request())
    assert (rebuilt["X-Page-Cache"], rebuilt.content) == ("miss", b"story 7, second version")
    assert cache.get(rebuilding) is None  # released by the worker that rebuilt it
    assert page(_cacheable_request())["X-Page-Cache"] == "hit"


def test_a_worker_that_did_not_take_the_rebuild_leaves_the_other_workers_hold_on_it(db):
    page = middleware.PageCacheMiddleware(lambda request: shown.show("article-7") or HttpResponse("story 7"))
    page(_cacheable_request())
    stored = cache.get(middleware._cache_key(_cacheable_request()))
    generations.invalidate_keys(["article-7"])
    rebuilding = middleware.rebuild_key(middleware._cache_key(_cacheable_request()))
    cache.add(rebuilding, True, middleware.REBUILD_SECONDS)  # another worker has started
    cache.delete(middleware.body_key(stored["body"]))  # no old copy to show: built here too
    assert middleware.PageCacheMiddleware(page.get_response)(_cacheable_request())["X-Page-Cache"] == "miss"
    assert cache.get(rebuilding) is True  # still the other worker's


def test_a_page_past_its_time_is_rebuilt_not_shown_stale(db, monkeypatch):
    page = middleware.PageCacheMiddleware(lambda request: shown.show("article-7") or HttpResponse("story 7"))
    page(_cacheable_request())
    cache.add(middleware.rebuild_key(middleware._cache_key(_cacheable_request())), True, 10)
    later = time.time() + 3600
    monkeypatch.setattr(middleware.time, "time", lambda: later)
    assert page(_cacheable_request())["X-Page-Cache"] == "miss"


def test_a_worker_keeps_the_bytes_it_served_last_within_its_bound(monkeypatch):
    monkeypatch.setattr(middleware.Bodies, "LIMIT_BYTES", 10)
    bodies = middleware.Bodies()
    bodies.remember("a", [b"1234"])
    bodies.remember("b", [b"5678"])
    assert bodies.get("a") == [b"1234"]  # now the most recent
    bodies.remember("c", [b"90ab"])
    assert (bodies.get("a"), bodies.get("b"), bodies.get("c")) == ([b"1234"], None, [b"90ab"])
    bodies.remember("d", [b"x" * 11])  # larger than the bound: not kept, nothing dropped for it
    assert (bodies.get("d"), bodies.get("a")) == (None, [b"1234"])


class Recorder(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.calls.append((self.path, dict(self.headers), body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"status": "ok"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn_api(settings):
    """A stand-in for the CDN's purge API on a loopback port, recording the calls it gets."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.calls = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NEWSROOM_CDN_API_URL = f"http://127.0.0.1:{server.server_port}"
    settings.NEWSROOM_CDN_SERVICE = "svc-1"
    settings.NEWSROOM_CDN_API_TOKEN = "secret-token"
    yield server
    server.shutdown()
    server.server_close()


def queued_purges():
    return [row.args_kwargs["args"][0] for row in DBTaskResult.objects.filter(task_path__endswith="purge_cdn")]


def test_a_publish_queues_a_purge_of_its_keys_once_committed(newsroom, settings, django_capture_on_commit_callbacks):
    settings.NEWSROOM_PAGE_CACHE_PURGER = "pagecache.purging.FastlyPurger"
    draft = newsroom["draft"]
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft)
    (keys,) = queued_purges()
    assert {f"article-{draft.pk}", f"list-section-en-{draft.section_id}", "list-en"} <= set(keys)
    assert not any(key.startswith("schedule-") for key in keys)


def test_no_purge_is_queued_without_a_purger(newsroom, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish(newsroom["draft"])
    assert queued_purges() == []


def test_fastly_purger_purges_by_surrogate_key(cdn_api, settings):
    settings.NEWSROOM_PAGE_CACHE_PURGER = "pagecache.purging.FastlyPurger"
    purging.purge_cdn.call(["article-1", "list-en"])
    ((path, headers, _body),) = cdn_api.calls
    assert path == "/service/svc-1/purge"
    assert headers["Surrogate-Key"] == "article-1 list-en"
    assert headers["Fastly-Key"] == "secret-token"


def test_cloudflare_purger_purges_by_cache_tag_in_batches(cdn_api, settings):
    settings.NEWSROOM_PAGE_CACHE_PURGER = "pagecache.purging.CloudflarePurger"
    keys = [f"article-{n}" for n in range(45)]
    purging.purge_cdn.call(keys)
    assert [path for path, _headers, _body in cdn_api.calls] == ["/zones/svc-1/purge_cache"] * 2
    assert [json.loads(body)["tags"] for _path, _headers, body in cdn_api.calls] == [keys[:30], keys[30:]]
    assert cdn_api.calls[0][1]["Authorization"] == "Bearer secret-token"


def test_a_purger_that_cannot_work_is_reported_at_start(settings):
    from django.core.checks import run_checks

    settings.NEWSROOM_PAGE_CACHE_PURGER = "pagecache.purging.NoSuchPurger"
    assert [error.id for error in run_checks()] == ["pagecache.E001"]
    settings.NEWSROOM_PAGE_CACHE_PURGER = "pagecache.purging.FastlyPurger"
    settings.NEWSROOM_CDN_SERVICE = ""
    assert [error.id for error in run_checks()] == ["pagecache.E002"]
