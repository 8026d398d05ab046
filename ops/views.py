"""``/healthz``: what a load balancer or monitor asks before sending readers here."""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as exc:
        logger.error("Health check: database unavailable: %s", exc)
        return False


def cache_ok():
    """A round trip through the cache; a fault-tolerant backend reports a miss, not an error."""
    ping = getattr(cache, "ping", None)
    if ping is not None and not ping():
        return False
    key, value = f"healthz:{uuid.uuid4().hex}", "ok"
    try:
        cache.set(key, value, 10)
        found = cache.get(key)
        cache.delete(key)
    except Exception as exc:  # any cache failure means "down", never a 500 here
        logger.error("Health check: cache unavailable: %s", exc)
        return False
    return found == value


@never_cache
@require_GET
def healthz(request):
    """200 while the database answers (``degraded`` without the cache), 503 when it does not."""
    checks = {"database": "ok" if database_ok() else "down", "cache": "ok" if cache_ok() else "down"}
    if checks["database"] != "ok":
        status = "down"
    elif checks["cache"] != "ok":
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse({"status": status, "checks": checks}, status=503 if status == "down" else 200)
