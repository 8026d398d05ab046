"""``/healthz`` and the cache that keeps the site up while Redis is away."""

import os
import socket

import pytest
from django.core.cache import caches
from django.db import OperationalError

from ops.cache import FaultTolerantRedisCache
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def closed_port():
    """A local port nothing listens on: connections are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def dead_redis():
    return FaultTolerantRedisCache(f"redis://127.0.0.1:{closed_port()}/0", {"KEY_PREFIX": "test"})


@pytest.fixture
def site_without_redis(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "ops.cache.FaultTolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    yield
    caches["default"].close()


# --- /healthz ---------------------------------------------------------------------------


def test_health_is_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


def test_health_is_never_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_health_is_503_when_the_database_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("ops.views.connection.cursor", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "down"


def test_health_is_degraded_but_200_without_the_cache(client, site_without_redis):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "checks": {"database": "ok", "cache": "down"}}


def test_health_refuses_post(client):
    assert client.post("/healthz").status_code == 405


# --- the fault-tolerant cache ------------------------------------------------------------


def test_unreachable_redis_reads_as_a_miss(dead_redis):
    assert dead_redis.get("menu", "fallback") == "fallback"
    assert dead_redis.get_many(["a", "b"]) == {}
    assert dead_redis.has_key("menu") is False


def test_unreachable_redis_swallows_writes(dead_redis):
    dead_redis.set("menu", "value")
    dead_redis.set_many({"a": 1})
    dead_redis.delete("menu")
    dead_redis.delete_many(["a"])

    assert dead_redis.add("key", 1) is False


def test_unreachable_redis_counts_from_scratch(dead_redis):
    assert dead_redis.incr("views", 3) == 3


def test_get_or_set_computes_the_value_without_redis(dead_redis):
    assert dead_redis.get_or_set("menu", lambda: "computed") == "computed"


def test_after_a_failure_redis_is_left_alone_for_a_moment(dead_redis):
    dead_redis.get("first")
    assert not dead_redis.is_available

    calls = []
    dead_redis._call(None, lambda: calls.append(1))
    assert calls == []


def test_failures_are_logged_once_per_outage(dead_redis, caplog):
    for _ in range(5):
        dead_redis.get("menu")

    assert [r.message for r in caplog.records].count(caplog.records[0].message) == 1
    assert "Cache unavailable" in caplog.records[0].message


def test_public_pages_are_served_while_redis_is_away(client, site_without_redis):
    article = ArticleFactory()

    assert client.get("/en/").status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/en/breaking.json").status_code == 200


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis server (REDIS_URL)")
def test_a_live_redis_is_used_and_pings():
    cache = caches["default"]

    cache.set("healthz-test", "ok", 10)

    assert cache.ping()
    assert cache.get("healthz-test") == "ok"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis server (REDIS_URL)")
def test_the_cache_recovers_when_redis_comes_back():
    cache = caches["default"]
    cache.set("key", "back", 10)
    cache._down_until = 10**12  # as if an outage had just been seen
    assert cache.get("key", "miss") == "miss"

    cache._down_until = 0.0

    assert cache.get("key") == "back"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis server (REDIS_URL)")
def test_counters_increment_in_one_step_and_missing_ones_are_not_created():
    cache = caches["default"]
    cache.set("counter-test", 5, 10)

    assert cache.incr("counter-test") == 6
    assert cache.incr("counter-test", 10) == 16
    assert cache.get("counter-test") == 16
    cache.delete("counter-missing")
    with pytest.raises(ValueError):
        cache.incr("counter-missing")
    assert cache.get("counter-missing") is None


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis server (REDIS_URL)")
def test_one_redis_client_serves_every_call():
    client = caches["default"]._cache
    assert client.get_client() is client.get_client()
    assert client.get_client(write=True) is client.get_client("any key", write=True)
