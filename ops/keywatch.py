"""Redis tells this process when a key is written, so a copy kept in memory can be trusted without asking.

Server-assisted client-side caching (Redis 6 and later, ``CLIENT TRACKING`` in broadcast mode):
one connection per process and watched key asks Redis to report every write to that key and
subscribes to the reports (``__redis__:invalidate``). ``unchanged_since(moment)`` drains that
connection without waiting (a non-blocking read, no round trip) and is true only while the
connection is up, nothing arrived after ``moment``, and ``moment`` is at most ``TRUST_SECONDS``
old: a connection lost without a word (no reset ever seen) cannot freeze a copy for longer.
What arrives is not parsed: any message means the key may have changed.

The page cache watches its clock this way (``pagecache.middleware``): while the clock has not
moved, a page this worker found current a moment ago is current still, and a hit costs no round
trip at all. The connection is made in the process that asks (after gunicorn forks), and made
again at most every ``RETRY_SECONDS`` while Redis is away; until then, nothing is trusted.
"""

import logging
import os
import threading
import time

from redis import ConnectionPool
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

CHANNEL = "__redis__:invalidate"
TRUST_SECONDS = 1.0
RETRY_SECONDS = 5.0
CONNECT_TIMEOUT = 0.5


class KeyWatch:
    """Whether ``key`` (its name in Redis) was written since a moment, as Redis reports it to this process.

    ``url``: the server, as redis-py reads it (``redis://``, ``rediss://``, ``unix://``, with credentials).
    """

    def __init__(self, url, key):
        self.url = url
        self.key = key
        self._lock = threading.Lock()
        self._connection = None
        self._pid = None
        self._changed_at = 0.0  # time.monotonic() of the last report (or of the connection)
        self._retry_at = 0.0
        self._warned = False

    def unchanged_since(self, moment):
        """True when ``key`` was certainly not written after ``moment`` (a ``time.monotonic()``)."""
        now = time.monotonic()
        if now - moment > TRUST_SECONDS:
            return False
        with self._lock:
            if self._pid != os.getpid():  # a forked worker: its parent's connection is not its own
                self._connection, self._pid, self._retry_at = None, os.getpid(), 0.0
            if self._connection is None and now >= self._retry_at:
                self._connect()
            if self._connection is not None:
                self._drain()
            return self._connection is not None and moment > self._changed_at

    def close(self):
        with self._lock:
            self._drop()

    def _connect(self):
        timeouts = {"socket_connect_timeout": CONNECT_TIMEOUT, "socket_timeout": CONNECT_TIMEOUT}
        connection = ConnectionPool.from_url(self.url, **timeouts).make_connection()
        try:
            connection.connect()
            connection.send_command("CLIENT", "ID")
            client_id = connection.read_response()
            connection.send_command("CLIENT", "TRACKING", "ON", "REDIRECT", client_id, "BCAST", "PREFIX", self.key)
            connection.read_response()
            connection.send_command("SUBSCRIBE", CHANNEL)
            connection.read_response(push_request=True)
        except (RedisError, OSError) as exc:
            connection.disconnect()
            # Once per process: a Redis that refuses tracking (a proxy) would repeat it every few seconds.
            log = logger.debug if self._warned else logger.warning
            log("Cannot watch %s in Redis, asking it every time for %ss: %s", self.key, RETRY_SECONDS, exc)
            self._warned = True
            self._retry_at = time.monotonic() + RETRY_SECONDS
            return
        self._connection = connection
        self._changed_at = time.monotonic()  # whatever happened before now is unknown

    def _drain(self):
        """Read whatever Redis sent without waiting: any of it is a report of a write."""
        try:
            while self._connection.can_read(timeout=0):
                self._connection.read_response(push_request=True)
                self._changed_at = time.monotonic()
        except (RedisError, OSError):  # closed or reset: nothing is known from now on
            self._drop()

    def _drop(self):
        if self._connection is not None:
            self._connection.disconnect()
        self._connection = None
        self._retry_at = time.monotonic() + RETRY_SECONDS
