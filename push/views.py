"""What readers' browsers ask for: the service worker, the prompt's settings, (un)subscribing.

Subscribing is a JSON POST of what ``pushManager.subscribe()`` returned. It needs no CSRF token
(pages are cached whole for anonymous readers, so they carry none): a forged request could only
subscribe a browser's own push address, which gains an attacker nothing. Every field is checked;
bad input gets a JSON 400.
"""

import base64
import binascii
import json

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from editions import get_edition
from webhooks.ssrf import ForbiddenTarget, check_url

from . import vapid
from .models import Subscription

# What browsers' keys decode to: a P-256 point (65 bytes) and a 16-byte authentication secret.
KEY_LENGTHS = {"p256dh": 65, "auth": 16}


def decoded_length(value):
    try:
        return len(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except (binascii.Error, ValueError, TypeError):
        return -1


def error(message, status=400):
    return JsonResponse({"error": message}, status=status)


def parse_subscription(request):
    """(endpoint, keys) from the request body, or an error message."""
    try:
        data = json.loads(request.body)
        endpoint, keys = data["endpoint"], data.get("keys") or {}
    except (ValueError, KeyError, TypeError, AttributeError):
        return None, _('Send the subscription as JSON: {"endpoint": …, "keys": {"p256dh": …, "auth": …}}.')
    if not isinstance(endpoint, str) or len(endpoint) > 1000 or not endpoint.startswith("https://"):
        return None, _("The push service address must be an https:// address.")
    try:
        check_url(endpoint)
    except ForbiddenTarget as exc:
        return None, exc.messages[0]
    if not isinstance(keys, dict) or any(decoded_length(str(keys.get(k, ""))) != n for k, n in KEY_LENGTHS.items()):
        return None, _("The subscription's keys are missing or malformed.")
    return (endpoint, {k: keys[k] for k in KEY_LENGTHS}), None


@csrf_exempt
@require_POST
def subscribe(request):
    parsed, message = parse_subscription(request)
    if message:
        return error(message)
    endpoint, keys = parsed
    _subscription, created = Subscription.objects.update_or_create(
        endpoint=endpoint, defaults={"edition": get_language(), **keys}
    )
    return JsonResponse({"subscribed": True}, status=201 if created else 200)


@csrf_exempt
@require_POST
def unsubscribe(request):
    try:
        endpoint = json.loads(request.body)["endpoint"]
    except (ValueError, KeyError, TypeError):
        return error(_("Send the subscription's endpoint as JSON."))
    Subscription.objects.filter(endpoint=str(endpoint)).delete()
    return JsonResponse({"subscribed": False})


@require_GET
def service_worker(request):
    """The edition's service worker: shows an alert in the edition's language and opens its story."""
    edition = get_edition(get_language())
    body = render_to_string("push/sw.js", {"edition": edition, "home": f"/{edition.code}/"})
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = f"/{edition.code}/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def prompt_settings(request):
    """What the opt-in prompt needs: the VAPID key and its words in the edition's language."""
    code = get_language()
    return JsonResponse(
        {
            "key": vapid.application_server_key(),
            "worker": f"/{code}/push/sw.js",
            "scope": f"/{code}/",
            "subscribe": f"/{code}/push/subscribe/",
            "text": _("Get an alert when big news breaks?"),
            "accept": _("Turn on alerts"),
            "decline": _("Not now"),
            "done": _("Alerts are on. You can turn them off in your browser's settings."),
        }
    )
