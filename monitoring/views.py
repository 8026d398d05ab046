"""``/metrics`` for Prometheus (allowed addresses or a bearer token) and ``/readyz`` for load balancers."""

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from ops.auth import client_ip

from .collectors import QueueCollector
from .metrics import exposition
from .readiness import checks


def allowed(request):
    token = settings.NEWSROOM_METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(header.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network) for network in settings.NEWSROOM_METRICS_ALLOWED)


@never_cache
@require_GET
def metrics(request):
    if not allowed(request):
        return HttpResponse("Metrics are for the monitoring system.\n", status=403, content_type="text/plain")
    return HttpResponse(exposition(QueueCollector()), content_type=CONTENT_TYPE_LATEST)


@never_cache
@require_GET
def readyz(request):
    ready, found = checks()
    return JsonResponse({"status": "ready" if ready else "not ready", "checks": found}, status=200 if ready else 503)
