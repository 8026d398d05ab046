"""The site's caches: Redis that never takes the site down with it, and the embedded one without Redis.

Django's ``RedisCache`` raises when Redis is unreachable, which turns every
cached page into a 500. This subclass logs the failure and answers as if the
key were missing (reads give the default, writes are dropped), so pages are
rebuilt from the database while Redis is away. After a failure it stops asking
Redis for ``RETRY_AFTER`` seconds rather than paying a connection attempt on
every call, then tries again: the site recovers on its own when Redis returns.
"""

import logging
import threading
import time

from diskcache import DjangoCache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

from .keywatch import KeyWatch

logger = logging.getLogger(__name__)

RETRY_AFTER = 1.0
# INCRBY only when the key exists (Django's incr raises for a missing key), in one round trip.
INCR_EXISTING = """
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCRBY', KEYS[1], ARGV[1]) end
return false
"""


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one ``redis.Redis`` per connection pool.

    Django makes a new ``redis.Redis`` for every call, which copies its table of
    reply handlers each time: most of what a page-cache hit costs. A client is
    safe to share (each command borrows a connection from the pool).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client

    def incr(self, key, delta):
        value = self.get_client(key, write=True).eval(INCR_EXISTING, 1, key, delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class FaultTolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        # Short timeouts: a Redis that hangs must not hold a request for long.
        options = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0, **params.get("OPTIONS", {})}
        params = {**params, "OPTIONS": options}
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._down_until = 0.0
        self._lock = threading.Lock()
        self._watches = {}

    def validate_key(self, key):
        """Redis takes any key: skip the memcached portability checks, a cost per key of every read.

        A page-cache hit reads the page and the token of every key it shows in one ``get_many``.
        """

    @property
    def is_available(self):
        """False while a recent failure keeps Redis out of the request path."""
        return time.monotonic() >= self._down_until

    def _call(self, fallback, method, *args, **kwargs):
        if not self.is_available:
            return fallback
        try:
            return method(*args, **kwargs)
        except RedisError as exc:
            with self._lock:
                if self.is_available:
                    logger.warning("Cache unavailable, serving without it for %ss: %s", RETRY_AFTER, exc)
                self._down_until = time.monotonic() + RETRY_AFTER
            return fallback

    def watch(self, key):
        """A ``KeyWatch`` of ``key``: Redis reports every write of it to this process (one per key)."""
        name = self.make_key(key)
        found = self._watches.get(name)
        if found is None:
            found = self._watches[name] = KeyWatch(self._servers[0], name)
        return found

    def ping(self):
        """True when Redis answers now (used by the health check; ignores the back-off)."""
        try:
            return bool(self._cache.get_client(write=False).ping())
        except RedisError:
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # A counter that cannot be read counts as starting afresh.
        return self._call(delta, super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(None, super().delete_many, keys, version)

    def clear(self):
        return self._call(False, super().clear)


class SharedFileCache(DjangoCache):
    """diskcache's Django cache (SQLite files in one folder, shared by every worker), kept open.

    Django closes every cache when a request ends; diskcache's ``close`` then shuts each shard's
    SQLite connection, and the next request opens them again (a file to open, pragmas to run),
    which cost more than the reads themselves. Its connections belong to one thread and are
    reopened after a fork, so they are kept for the worker's life, as Redis's pool is.
    """

    def close(self, **kwargs):
        pass
