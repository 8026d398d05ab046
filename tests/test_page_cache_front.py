"""The page cache's hits answered in front of Django (``pagecache.front``), called as gunicorn calls the site.

Runs on SQLite with the local-memory cache and on PostgreSQL with Redis.
"""

import io
import re
import sys
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

import pytest
import time_machine
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from prometheus_client import REGISTRY

from monitoring.middleware import observe
from pagecache import middleware
from pagecache.front import PageCacheFront
from tests.factories import ArticleFactory

# Headers that differ between two answers of the same stored page.
PER_ANSWER = {"X-Page-Cache", "Content-Security-Policy", "X-Accel-Expires"}


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes

    @property
    def nonce(self):
        return re.search(rb'nonce="([^"]+)"', self.body)[1].decode()


class Site:
    """The site's WSGI application as ``newsroom.wsgi`` assembles it, counting what reaches Django."""

    def __init__(self):
        self.reached_django = 0
        self.observed = []
        handler = WSGIHandler()

        def django(environ, start_response):
            self.reached_django += 1
            return handler(environ, start_response)

        def observed(request, status, seconds, cached):
            self.observed.append((request.path, status, cached))
            observe(request, status, seconds, cached)

        self.application = PageCacheFront(django, observe=observed)

    def request(self, path, method="GET", query="", **headers):
        """``path`` as a WSGI server passes it: percent-decoded, its UTF-8 bytes read as Latin-1 (PEP 3333)."""
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1:8000",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
        }
        started = {}

        def start_response(status, response_headers, exc_info=None):
            started.update(status=int(status.split()[0]), headers=dict(response_headers))

        result = self.application(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        return Answer(started["status"], started["headers"], body)


@pytest.fixture
def site(db):
    # As Django's test client does: a request must not close the test's open transaction.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield Site()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def story(db):
    return ArticleFactory(headline="Harbour cranes return to work")


def test_the_site_is_served_with_the_front_before_django():
    from newsroom.wsgi import application

    assert isinstance(application, PageCacheFront)


def test_a_readers_second_request_is_answered_without_reaching_django(site, story):
    built = site.request(story.get_absolute_url())
    assert (built.status, built.headers["X-Page-Cache"], site.reached_django) == (200, "miss", 1)
    hit = site.request(story.get_absolute_url())
    assert (hit.status, hit.headers["X-Page-Cache"], site.reached_django) == (200, "hit", 1)
    assert b"Harbour cranes return to work" in hit.body
    assert hit.body.replace(hit.nonce.encode(), b"") == built.body.replace(built.nonce.encode(), b"")
    assert {name: value for name, value in hit.headers.items() if name not in PER_ANSWER} == {
        name: value for name, value in built.headers.items() if name not in PER_ANSWER
    }
    assert int(hit.headers["Content-Length"]) == len(hit.body)


def test_each_hit_gets_a_fresh_nonce_that_matches_its_header(site, story):
    site.request(story.get_absolute_url())
    nonces = set()
    for _ in range(2):
        hit = site.request(story.get_absolute_url())
        assert hit.headers["X-Page-Cache"] == "hit"
        assert f"'nonce-{hit.nonce}'" in hit.headers["Content-Security-Policy"]
        nonces.add(hit.nonce)
    assert len(nonces) == 2


def test_an_arabic_address_is_found_under_the_key_django_stored_it_with(site):
    story = ArticleFactory(edition="ar", headline="عودة الرافعات إلى الميناء", slug="عودة-الرافعات-إلى-الميناء")
    path = story.get_absolute_url()
    assert site.request(path).headers["X-Page-Cache"] == "miss"
    hit = site.request(path)
    assert (hit.headers["X-Page-Cache"], site.reached_django) == ("hit", 1)
    assert "عودة الرافعات إلى الميناء".encode() in hit.body


def test_a_conditional_request_is_answered_by_django_with_the_front_s_lookup(site, story, cache_reads):
    etag = site.request(story.get_absolute_url()).headers["ETag"]
    cache_reads.clear()
    revalidated = site.request(story.get_absolute_url(), if_none_match=etag)
    assert (revalidated.status, revalidated.body, site.reached_django) == (304, b"", 2)
    assert len(cache_reads) == 1  # the front's read, not a second one in the middleware


def test_a_miss_passed_on_to_django_is_looked_up_once(site, story, cache_reads):
    site.request(story.get_absolute_url())
    page_reads = [read for read in cache_reads if any(":page:" in key for key in read[0])]
    assert len(page_reads) == 1


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"cookie": "sessionid=an-editors-session"},
        {"authorization": "Token a-partners-token"},
        {"method": "POST"},
    ],
    ids=["editor", "credentials", "post"],
)
def test_editors_credentials_and_writes_always_reach_django(site, story, request_kwargs):
    site.request(story.get_absolute_url())
    site.request(story.get_absolute_url(), **request_kwargs)
    assert site.reached_django == 2


def test_a_host_not_allowed_gets_django_s_400_not_a_cached_page(site, story):
    site.request(story.get_absolute_url())
    refused = site.request(story.get_absolute_url(), host="attacker.example")
    assert (refused.status, site.reached_django) == (400, 2)


def test_a_head_request_is_answered_from_the_cache_too(site, story):
    site.request(story.get_absolute_url())
    head = site.request(story.get_absolute_url(), method="HEAD")
    assert (head.status, head.headers["X-Page-Cache"], site.reached_django) == (200, "hit", 1)


def test_a_page_changed_since_is_rebuilt_by_django(site, story):
    site.request(story.get_absolute_url())
    story.headline = "Harbour cranes stop again"
    story.save()
    rebuilt = site.request(story.get_absolute_url())
    assert (rebuilt.headers["X-Page-Cache"], site.reached_django) == ("miss", 2)
    assert b"Harbour cranes stop again" in rebuilt.body


def test_hits_answered_in_front_are_counted_like_django_s_answers(site, story):
    def hits():
        return REGISTRY.get_sample_value("newsroom_page_cache_requests_total", {"result": "hit"}) or 0

    def article_views():
        labels = {"view": "articles:article", "method": "GET", "status": "200"}
        return REGISTRY.get_sample_value("newsroom_http_requests_total", labels) or 0

    site.request(story.get_absolute_url())
    before = (hits(), article_views())
    site.request(story.get_absolute_url())
    assert (hits(), article_views()) == (before[0] + 1, before[1] + 1)
    assert site.observed == [(story.get_absolute_url(), 200, "hit")]


def test_the_front_and_the_middleware_read_the_same_stored_copy(site, story, client):
    """A page stored through the front is a hit for the middleware too (one key for both)."""
    site.request(story.get_absolute_url())
    assert client.get(story.get_absolute_url(), HTTP_HOST="127.0.0.1:8000")["X-Page-Cache"] == "hit"
    assert middleware.LOOKUP_ENVIRON not in client.get(story.get_absolute_url()).wsgi_request.META


@pytest.mark.parametrize("cdn_seconds", [1, 5])
def test_every_answer_tells_nginx_when_its_copy_ends(site, story, settings, cdn_seconds):
    settings.NEWSROOM_PAGE_CACHE_CDN_SECONDS = cdn_seconds
    with time_machine.travel(1_800_000_000.7, tick=False):
        built = site.request(story.get_absolute_url())
        hit = site.request(story.get_absolute_url())
        revalidated = site.request(story.get_absolute_url(), if_none_match=hit.headers["ETag"])
    assert revalidated.status == 304
    expected = f"@{1_800_000_000 + cdn_seconds - 1}"  # the end of the last whole second it may be kept
    assert [answer.headers["X-Accel-Expires"] for answer in (built, hit, revalidated)] == [expected] * 3


def test_a_lookup_that_fails_in_front_is_left_to_django(site, story, monkeypatch):
    site.request(story.get_absolute_url())

    def broken(request):
        raise OSError("the cache's disk is full")

    monkeypatch.setattr(site.application.pages, "lookup", broken)
    answer = site.request(story.get_absolute_url())
    assert (answer.status, answer.headers["X-Page-Cache"], site.reached_django) == (200, "hit", 2)
