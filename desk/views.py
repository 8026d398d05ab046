"""The desk's JSON endpoints under the admin: autosave, presence and the session check.

They answer JSON whatever happens, never the admin's login redirect or an HTML error page: a
page calling them in the background must tell an expired session (401) or a refused CSRF token
(403, ``"error": "csrf"``) from a real refusal, to offer the login dialog
(``static/admin/js/session.js``) instead of losing the writer's text.

Bodies are form-encoded with the copy or beat as JSON in ``payload``, because
``navigator.sendBeacon`` (the last save as a tab closes) can send that with the CSRF token but
not a JSON body with a header.
"""

import json
from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from articles.models import Article

from . import autosave, presence


class JsonCsrfMiddleware(CsrfViewMiddleware):
    """Django's CSRF check, answering a refusal in JSON for the page's script."""

    def _reject(self, request, reason):
        return JsonResponse({"error": "csrf", "message": _("The form's security token has expired.")}, status=403)


def desk_json(view):
    """Staff only, CSRF-checked, never cached; every refusal answered in JSON."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_staff):
            return JsonResponse(
                {"error": "login", "message": _("Your session has expired"), "login_url": reverse("admin:login")},
                status=401,
            )
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return JsonResponse({"error": "forbidden", "message": _("You cannot edit this story.")}, status=403)
        except Http404:
            return JsonResponse({"error": "not_found", "message": _("No such story.")}, status=404)
        except autosave.DraftRejected as rejected:
            return JsonResponse({"error": "rejected", "message": rejected.message}, status=rejected.status)

    # Exempt from the site-wide check, which would answer in HTML; checked here instead.
    return csrf_exempt(decorator_from_middleware(JsonCsrfMiddleware)(never_cache(checked)))


def payload(request):
    if int(request.META.get("CONTENT_LENGTH") or 0) > autosave.max_bytes() * 2:
        raise autosave.DraftRejected(autosave.too_large_message(), status=413)
    return request.POST.get("payload", "")


@desk_json
@require_http_methods(["GET", "POST"])
def autosave_view(request, form, object_id):
    """POST keeps a copy (``{"data": {...}}``, or ``{"discard": true}`` to drop it); GET the restore offer."""
    autosaved = autosave.FORMS.get(form)
    if autosaved is None:
        raise Http404
    article = autosaved.article_for(request, object_id)
    if request.method == "GET":
        return JsonResponse({"offer": offer_html(request, form, article)})
    body = autosave.read(payload(request))
    if body.get("discard"):
        autosave.discard(request.user, form, article)
        return JsonResponse({"discarded": True})
    draft = autosave.keep(request.user, form, article, body["data"])
    return JsonResponse({"saved_at": draft.saved_at.isoformat()})


def offer_html(request, form, article):
    found = autosave.offer(request, form, article)
    return render_to_string("desk/autosave_offer.html", {"offer": found}, request) if found else ""


@desk_json
@require_POST
def presence_view(request, object_id):
    """A beat from an open form (``{"tab": ...}``), or its last (``"leaving": true``); answers who else is there."""
    article = get_object_or_404(Article.objects.active(), pk=object_id)
    if not admin.site.get_model_admin(Article).has_view_or_change_permission(request, article):
        raise PermissionDenied
    try:
        beat = json.loads(payload(request) or "{}")
    except ValueError:
        beat = None
    tab = beat.get("tab") if isinstance(beat, dict) else None
    if not isinstance(tab, str) or not 0 < len(tab) <= 64:
        raise autosave.DraftRejected(_("A beat names its tab."))
    if beat.get("leaving"):
        presence.leave(article.pk, tab)
        return JsonResponse({"left": True})
    presence.beat(article.pk, tab, request.user)
    others = presence.editors(article.pk, besides=request.user)
    return JsonResponse({"editing": [editor.message() for editor in others]})


@desk_json
def session_view(request):
    """Who is logged in, with a fresh CSRF token: the login dialog's proof that the session is back."""
    return JsonResponse({"user": request.user.get_username(), "csrf_token": get_token(request)})
