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
import socket
import ssl
import threading
import time
from urllib.parse import unquote, urlsplit

logger = logging.getLogger(__name__)

CHANNEL = b"__redis__:invalidate"
TRUST_SECONDS = 1.0
RETRY_SECONDS = 5.0
CONNECT_TIMEOUT = 0.5


def _command(*parts):
    """A command in Redis's protocol (RESP)."""
    encoded = [part if isinstance(part, bytes) else str(part).encode() for part in parts]
    return b"*%d\r\n" % len(encoded) + b"".join(b"$%d\r\n%s\r\n" % (len(part), part) for part in encoded)


class _Replies:
    """Reads whole replies off a blocking socket (only what the handshake needs: no nesting past one array)."""

    def __init__(self, sock):
        self.sock = sock
        self.buffer = b""

    def _line(self):
        while b"\r\n" not in self.buffer:
            data = self.sock.recv(4096)
            if not data:
                raise ConnectionError("Redis closed the connection")
            self.buffer += data
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"-":
            raise ConnectionError(rest.decode(errors="replace"))
        if kind == b"*":
            return [self.reply() for _ in range(int(rest))]
        if kind == b"$":
            length = int(rest)
            while len(self.buffer) < length + 2:
                data = self.sock.recv(4096)
                if not data:
                    raise ConnectionError("Redis closed the connection")
                self.buffer += data
            value, self.buffer = self.buffer[:length], self.buffer[length + 2 :]
            return value
        return int(rest) if kind == b":" else rest


class KeyWatch:
    """Whether ``key`` (its name in Redis) was written since a moment, as Redis reports it to this process."""

    def __init__(self, url, key):
        self.url = url
        self.key = key.encode() if isinstance(key, str) else key
        self._lock = threading.Lock()
        self._sock = None
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
                self._sock, self._pid, self._retry_at = None, os.getpid(), 0.0
            if self._sock is None and now >= self._retry_at:
                self._connect()
            if self._sock is not None:
                self._drain()
            return self._sock is not None and moment > self._changed_at

    def close(self):
        with self._lock:
            self._drop()

    def _connect(self):
        try:
            sock = self._open()
            sock.settimeout(CONNECT_TIMEOUT)
            replies = _Replies(sock)
            sock.sendall(_command("CLIENT", "ID"))
            client_id = replies.reply()
            sock.sendall(_command("CLIENT", "TRACKING", "ON", "REDIRECT", client_id, "BCAST", "PREFIX", self.key))
            replies.reply()
            sock.sendall(_command("SUBSCRIBE", CHANNEL))
            replies.reply()
            sock.setblocking(False)
        except (OSError, ValueError) as exc:  # ConnectionError is an OSError; a reply that is not one: ValueError
            # Once per process: a Redis that refuses tracking (a proxy) would repeat it every few seconds.
            log = logger.debug if self._warned else logger.warning
            log("Cannot watch %s in Redis, asking it every time for %ss: %s", self.key, RETRY_SECONDS, exc)
            self._warned = True
            self._retry_at = time.monotonic() + RETRY_SECONDS
            return
        self._sock = sock
        self._changed_at = time.monotonic()  # whatever happened before now is unknown

    def _open(self):
        """A socket to the server ``url`` names (redis://, rediss:// or unix://), logged in when it says so."""
        parts = urlsplit(self.url)
        if parts.scheme == "unix":
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(CONNECT_TIMEOUT)
            sock.connect(parts.path)
        else:
            sock = socket.create_connection((parts.hostname, parts.port or 6379), timeout=CONNECT_TIMEOUT)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if parts.scheme == "rediss":
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=parts.hostname)
        if parts.password is not None:
            credentials = [unquote(parts.username)] if parts.username else []
            sock.sendall(_command("AUTH", *credentials, unquote(parts.password)))
            _Replies(sock).reply()
        return sock

    def _drain(self):
        """Read whatever Redis sent without waiting: any of it is a report of a write."""
        try:
            while True:
                data = self._sock.recv(65536)
                if not data:
                    self._drop()
                    return
                self._changed_at = time.monotonic()
        except (BlockingIOError, ssl.SSLWantReadError):
            return
        except OSError:
            self._drop()

    def _drop(self):
        if self._sock is not None:
            self._sock.close()
        self._sock = None
        self._retry_at = time.monotonic() + RETRY_SECONDS
