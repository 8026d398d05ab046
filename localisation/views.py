"""Choosing an edition (readers) and the admin's language (editors); both are remembered in cookies."""

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_GET, require_POST

from editions import edition_codes

ADMIN_LANGUAGE_COOKIE = "admin_language"


def _safe_next(request, fallback):
    """The ``next`` address when it points into this site, else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _redirect_with_cookie(target, name, code):
    response = HttpResponseRedirect(target)
    response.set_cookie(
        name,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    add_never_cache_headers(response)
    return response


@require_GET
def switch_edition(request, code):
    """Remember edition ``code`` (the cookie ``/`` follows) and go to ``next``, or that edition's home."""
    if code not in edition_codes():
        return HttpResponseBadRequest(_("There is no edition “%(code)s”.") % {"code": code})
    with override(code):
        home = reverse("articles:home")
    return _redirect_with_cookie(_safe_next(request, home), settings.LANGUAGE_COOKIE_NAME, code)


@require_POST
def admin_language(request):
    """Remember the language an editor wants the admin in; it does not change their reading edition."""
    code = request.POST.get("language", "")
    if code not in edition_codes():
        return HttpResponseBadRequest(_("There is no admin language “%(code)s”.") % {"code": code})
    return _redirect_with_cookie(_safe_next(request, reverse("admin:index")), ADMIN_LANGUAGE_COOKIE, code)
