"""Redis reports writes of a key to the process watching it (``ops.keywatch``), and the page cache's hits
need no round trip while it reports none (``pagecache.middleware.Pages``).

On a Redis server of this module's own: Redis reports a flush of any database to every watcher, and
the suite's other processes clear their caches all the time.
"""

import shutil
import subprocess
import time

import pytest
import redis
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from ops import keywatch
from ops.keywatch import KeyWatch
from pagecache import generations, middleware, shown
from tests.servers import free_port

pytestmark = pytest.mark.skipif(not shutil.which("redis-server"), reason="needs Redis's server (redis-server)")


@pytest.fixture(scope="module")
def redis_url():
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait()


@pytest.fixture
def client_of(redis_url):
    return redis.Redis.from_url(redis_url)


def settled():
    time.sleep(0.05)  # Redis's report crosses a socket


def test_a_key_nobody_wrote_is_unchanged_since_the_watch_began(redis_url, client_of):
    watch = KeyWatch(redis_url, "clock")
    assert not watch.unchanged_since(time.monotonic())  # connects: what came before is unknown
    moment = time.monotonic()
    client_of.set("other", 1)
    settled()
    assert watch.unchanged_since(moment)
    watch.close()


def test_a_write_of_the_key_is_reported_at_once(redis_url, client_of):
    watch = KeyWatch(redis_url, "clock")
    watch.unchanged_since(time.monotonic())
    before = time.monotonic()
    client_of.incr("clock")
    settled()
    assert not watch.unchanged_since(before)
    assert watch.unchanged_since(time.monotonic())  # the report was read: a later moment is after it
    watch.close()


def test_a_flush_is_reported_as_a_write(redis_url, client_of):
    watch = KeyWatch(redis_url, "clock")
    watch.unchanged_since(time.monotonic())
    before = time.monotonic()
    client_of.flushdb()
    settled()
    assert not watch.unchanged_since(before)
    watch.close()


def test_nothing_is_trusted_past_the_bound_or_once_the_connection_is_gone(redis_url, client_of, monkeypatch):
    watch = KeyWatch(redis_url, "clock")
    watch.unchanged_since(time.monotonic())
    moment = time.monotonic()
    assert watch.unchanged_since(moment)
    monkeypatch.setattr(keywatch, "TRUST_SECONDS", 0.0)
    assert not watch.unchanged_since(moment)
    monkeypatch.undo()
    client_of.client_kill_filter(_type="pubsub")
    settled()
    assert not watch.unchanged_since(time.monotonic())  # lost: asked every time until it reconnects
    watch.close()


def test_without_redis_nothing_is_trusted_and_nothing_raises():
    watch = KeyWatch(f"redis://127.0.0.1:{free_port()}/0", "clock")
    assert not watch.unchanged_since(time.monotonic())
    assert not watch.unchanged_since(time.monotonic())  # not retried at once


def test_a_process_forked_after_the_watch_began_makes_a_connection_of_its_own(redis_url, monkeypatch):
    watch = KeyWatch(redis_url, "clock")
    watch.unchanged_since(time.monotonic())
    moment = time.monotonic()
    monkeypatch.setattr(keywatch.os, "getpid", lambda: -1)  # a gunicorn worker after the fork
    assert not watch.unchanged_since(moment)  # its parent's connection is not its own: nothing known yet
    assert watch.unchanged_since(time.monotonic())
    watch.close()


@pytest.fixture
def redis_cache(redis_url, db):
    caches = {"default": {"BACKEND": "ops.cache.FaultTolerantRedisCache", "LOCATION": redis_url}}
    with override_settings(CACHES=caches):
        cache.clear()
        yield
        cache.clear()


def _request():
    request = RequestFactory().get("/en/race/")
    request.COOKIES = {}
    return request


def _page(version):
    return middleware.PageCacheMiddleware(lambda request: shown.show("article-7") or HttpResponse(version[0]))


def test_a_hit_reads_nothing_from_redis_while_it_reports_no_change(redis_cache, cache_reads):
    page = _page(["story 7"])
    assert page(_request())["X-Page-Cache"] == "miss"
    assert page(_request())["X-Page-Cache"] == "hit"  # read, and the watch begins
    settled()
    page(_request())  # read again: the first read came before the watch began
    cache_reads.clear()
    for _ in range(5):
        assert page(_request())["X-Page-Cache"] == "hit"
    assert cache_reads == []


def test_a_change_anywhere_is_read_before_the_next_hit(redis_cache, cache_reads):
    version = ["story 7, first version"]
    page = _page(version)
    for _ in range(3):
        page(_request())
        settled()
    version[0] = "story 7, second version"
    generations.invalidate_keys(["article-7"])
    settled()
    cache_reads.clear()
    rebuilt = page(_request())
    assert (rebuilt["X-Page-Cache"], rebuilt.content) == ("miss", b"story 7, second version")
    assert cache_reads  # asked Redis


def test_another_page_s_change_costs_one_read_then_none_again(redis_cache, cache_reads):
    page = _page(["story 7"])
    for _ in range(3):
        page(_request())
        settled()
    generations.invalidate_keys(["article-8"])  # the clock moves; this page's tokens did not
    settled()
    cache_reads.clear()
    assert page(_request())["X-Page-Cache"] == "hit"
    assert len(cache_reads) == 2  # the page with the clock, then its tokens
    settled()
    cache_reads.clear()
    assert page(_request())["X-Page-Cache"] == "hit"
    assert cache_reads == []


def test_with_the_watch_switched_off_every_hit_reads_the_page_and_the_clock(redis_cache, cache_reads, settings):
    settings.NEWSROOM_PAGE_CACHE_WATCH = False
    page = _page(["story 7"])
    page(_request())
    cache_reads.clear()
    for _ in range(3):
        assert page(_request())["X-Page-Cache"] == "hit"
        settled()
    assert len(cache_reads) == 3
