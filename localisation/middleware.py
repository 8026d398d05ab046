"""Which language a request is served in, beyond what ``LocaleMiddleware`` decides from the address.

Both middlewares go right after ``django.middleware.locale.LocaleMiddleware``.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language_from_path

from editions import edition_codes

from .views import ADMIN_LANGUAGE_COOKIE


def _activate(request, code):
    translation.activate(code)
    request.LANGUAGE_CODE = code


class EditionHostMiddleware:
    """An edition per host name, by settings alone: ``NEWSROOM_EDITION_HOSTS = {"espanol.example.net": "es"}``.

    On a mapped host, addresses without an edition prefix (``/``, the admin,
    unknown paths) are served in that host's edition, so ``/`` leads to
    ``/es/``; prefixed addresses keep working as everywhere else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hosts = getattr(settings, "NEWSROOM_EDITION_HOSTS", {})
        code = hosts.get(request.get_host().rsplit(":", 1)[0].lower()) if hosts else None
        if code in edition_codes() and get_language_from_path(request.path_info) is None:
            _activate(request, code)
        return self.get_response(request)


class AdminLanguageMiddleware:
    """Editors see the admin in the language they chose there (cookie ``admin_language``).

    Without a choice the admin follows the reader's edition cookie, then the
    browser's Accept-Language, as ``LocaleMiddleware`` already does. Arabic
    turns the whole admin right-to-left.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_PATH

    def __call__(self, request):
        code = request.COOKIES.get(ADMIN_LANGUAGE_COOKIE)
        if code in edition_codes() and request.path_info.startswith(self.prefix):
            _activate(request, code)
        return self.get_response(request)
