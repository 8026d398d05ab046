"""The page cache's hits, answered in front of Django.

A reader's request for a page the cache holds needs none of what Django does for a request:
no middleware, no URL resolving, no request signals, no response object. ``PageCacheFront``
wraps the site's WSGI application (``newsroom.wsgi``) and answers such a request itself,
from the same lookup the middleware makes (``middleware.Pages``): one cache round trip, the
stored headers and this worker's copy of the bytes with a fresh CSP nonce written in.

Everything else goes on to Django untouched, with the lookup already made (no second round
trip): a miss is built and stored by ``PageCacheMiddleware``; a conditional request
(``If-None-Match``, ``If-Modified-Since``) is answered there, with a 304 when it may be;
editors, non-GET requests and pages the cache is not for never reach the lookup. The request
Django sees is made from the untouched environ, so whatever the front read is read again the
same way.
"""

import logging
import time
from http import HTTPStatus

from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest

from .middleware import LOOKUP_ENVIRON, Pages, from_editor, reader_editions

logger = logging.getLogger(__name__)

CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")


class PageCacheFront:
    """WSGI middleware: ``application`` with the page cache's hits answered before it.

    ``observe(request, status, seconds, cached)``: told of every answer the front gives
    (the site's metrics count them as they count Django's).
    """

    def __init__(self, application, observe=None):
        self.application = application
        self.pages = Pages()
        self.observe = observe

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        lookup = None
        try:
            request = self._reader_request(environ)
            if request is not None:
                lookup = self.pages.lookup(request)
        except DisallowedHost:  # Django answers it (400)
            pass
        except Exception:
            # Django answers it the site's way (a JSON error for the API), looking up again in the middleware.
            logger.warning("Page cache lookup failed in front of Django", exc_info=True)
        if lookup is None:
            return self.application(environ, start_response)
        answer = lookup.answer
        if answer is None or any(name in environ for name in CONDITIONAL_HEADERS):
            environ[LOOKUP_ENVIRON] = lookup
            return self.application(environ, start_response)
        status = HTTPStatus(answer.status)
        start_response(f"{status.value} {status.phrase}", answer.headers)
        if self.observe is not None:
            self.observe(request, answer.status, time.perf_counter() - started, answer.cached)
        return [answer.content]

    @staticmethod
    def _reader_request(environ):
        """The request as Django will see it (made from a copy: Django decodes the environ's path in
        place), when it is a reader's for a cacheable page; else None."""
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        request = WSGIRequest(environ.copy())
        if reader_editions(request) is None or from_editor(request):
            return None
        return request
