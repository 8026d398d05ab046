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
    scope = "agency"

    def get_rate(self):
        return settings.WIRE_INGEST_RATE

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None
        # The token's hash, not its row id: ids are reused after deletions, hashes never.
        return self.cache_format % {"scope": self.scope, "ident": request.auth.token_hash[:32]}


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
