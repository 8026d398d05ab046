"""One HTTP POST of a delivery to its endpoint, to the address the SSRF check approved.

``http.client`` rather than a client library: it follows no redirects (a redirect to an internal
address would undo the check) and lets the connection go to the checked IP while TLS still
verifies the certificate for the endpoint's host name.
"""

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

from .models import RESPONSE_EXCERPT_BYTES
from .ssrf import resolve

TIMEOUT_SECONDS = 10


class PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


@dataclass
class Outcome:
    status_code: int | None
    excerpt: str
    error: str
    duration_ms: int

    @property
    def succeeded(self):
        return self.status_code is not None and 200 <= self.status_code < 300


def post(url, body, headers):
    """POST ``body`` (bytes); the outcome, never an exception (a refused target is an error outcome)."""
    started = time.monotonic()
    status_code, excerpt, error = None, "", ""
    try:
        scheme, host, port, address = resolve(url)
        connection_class = PinnedHTTPSConnection if scheme == "https" else PinnedHTTPConnection
        connection = connection_class(host, port, address, timeout=TIMEOUT_SECONDS)
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request(
                "POST",
                path,
                body=body,
                headers={
                    "Content-Type": "application/json",
                    "User-Agent": f"{settings.NEWSROOM_SITE_NAME} webhooks",
                    **headers,
                },
            )
            response = connection.getresponse()
            status_code = response.status
            excerpt = response.read(RESPONSE_EXCERPT_BYTES).decode("utf-8", "replace")
        finally:
            connection.close()
    except ValidationError as exc:  # a refused target
        error = "; ".join(exc.messages)[:300]
    except Exception as exc:  # DNS, TLS, timeout, reset: all are a failed attempt to log
        error = f"{type(exc).__name__}: {exc}"[:300]
    return Outcome(status_code, excerpt, error, round((time.monotonic() - started) * 1000))
