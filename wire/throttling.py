"""Limits on the push endpoint: requests per agency token (429 with Retry-After) and body size (413).

The request counts live in the default cache (Redis in production), so every
worker process shares them. The rate is ``WIRE_INGEST_RATE`` (e.g. ``120/min``);
the body limit ``WIRE_INGEST_MAX_BYTES``.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import APIException
from rest_framework.throttling import SimpleRateThrottle


class AgencyRateThrottle(SimpleRateThrottle):
    """``WIRE_INGEST_RATE`` requests per agency token in each window (the current minute, hour…).

    One atomic add-or-increment per request in the shared cache, so requests arriving together
    at several workers never get more through than the rate (DRF's own throttles read a history
    list and write it back, and two requests can both read it before either writes).
    """

    scope = "agency"

    def get_rate(self):
        return settings.WIRE_INGEST_RATE

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None
        # The token's hash, not its row id: ids are reused after deletions, hashes never.
        return self.cache_format % {"scope": self.scope, "ident": request.auth.token_hash[:32]}

    def allow_request(self, request, view):
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        now = self.timer()
        window, into = divmod(now, self.duration)
        self.wait_seconds = self.duration - into
        key = f"{key}:{int(window)}"
        used = 1 if self.cache.add(key, 1, self.duration + 1) else self._increment(key)
        return used <= self.num_requests

    def _increment(self, key):
        try:
            return self.cache.incr(key)
        except ValueError:  # the window's count expired between the two calls: it starts again
            self.cache.add(key, 1, self.duration + 1)
            return 1

    def wait(self):
        return self.wait_seconds


class BodyTooLarge(APIException):
    status_code = 413
    default_code = "too_large"
    default_detail = _("The request body is too large.")


def check_body_size(request):
    """Refuse a declared body over the limit before anything reads it."""
    length = request.META.get("CONTENT_LENGTH") or ""
    limit = settings.WIRE_INGEST_MAX_BYTES
    if length.isdigit() and int(length) > limit:
        raise BodyTooLarge(_("The request body is larger than %(n)s bytes.") % {"n": limit})
