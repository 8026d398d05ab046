"""Every error under /api/ is JSON: DRF's own errors, unexpected exceptions and Django's 404/500.

DRF answers its exceptions (validation, authentication, throttling) as JSON
already; what it leaves to Django, an unexpected exception, would become the
site's HTML error page. ``exception_handler`` turns that into a JSON 500 (and
logs the traceback, as Django would), and ``page_not_found``/``server_error``
answer JSON for addresses under /api/ that no view handles, and for errors
raised outside DRF's views (middleware, query strings Django refuses), as do
``bad_request`` and ``permission_denied``.
"""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework.views import exception_handler as drf_exception_handler

from articles import views as site_views

logger = logging.getLogger("django.request")

API_PREFIX = "/api/"


def error_body(detail, code):
    """The shape of every error the API gives that is not about one field: ``{"detail", "code"}``."""
    return {"detail": str(detail), "code": code}


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is not None:
        if isinstance(response.data, dict) and set(response.data) == {"detail"}:
            response.data["code"] = getattr(response.data["detail"], "code", None) or "error"
        return response
    if isinstance(exc, RequestDataTooBig):
        detail = _("The request body is larger than %(n)s bytes.") % {"n": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        return JsonResponse(error_body(detail, "too_large"), status=413)
    if isinstance(exc, SuspiciousOperation):
        return JsonResponse(error_body(_("Bad request."), "bad_request"), status=400)
    request = context.get("request")
    logger.error(
        "Internal Server Error: %s",
        getattr(request, "path", "?"),
        exc_info=(type(exc), exc, exc.__traceback__),
        extra={"status_code": 500, "request": getattr(request, "_request", request)},
    )
    return JsonResponse(error_body(_("A server error occurred."), "server_error"), status=500)


def bad_request(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body(_("Bad request."), "bad_request"), status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body(_("Permission denied."), "permission_denied"), status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body(_("Not found."), "not_found"), status=404)
    return site_views.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body(_("A server error occurred."), "server_error"), status=500)
    return site_views.server_error(request)
