"""Answer an address no page answers with a permanent redirect, when one is recorded for it."""

from django.http import HttpResponsePermanentRedirect

from .models import Redirect


class RedirectFallbackMiddleware:
    """Looks a redirect up only for a 404: a page that answers costs no query.

    Put it after ``LocaleMiddleware`` and ``CommonMiddleware``; the page cache stores neither
    404s nor redirects, so each old address asks the database once per request, by its index.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        target = Redirect.objects.target_of(request.path)
        if target is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
