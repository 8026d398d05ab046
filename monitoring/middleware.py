"""Counts every request and its latency per view, and what the page cache did with it.

It sits outermost, before the page cache, so cache hits (which never reach URL resolution)
are counted too: their view is found by resolving the path, once per address (``resolved_name``).
The hits the page cache answers in front of Django are counted by the same ``observe``.
"""

import time
from functools import lru_cache

from django.core.cache import cache
from django.urls import Resolver404, get_resolver, get_urlconf

from .metrics import LATENCY, PAGE_CACHE, PUBLISH_TO_VISIBLE, REQUESTS
from .signals import published_key

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
ARTICLE_VIEW = "articles:article"


def view_name(request):
    """The URL pattern's name: a bounded label, whatever junk addresses are asked for."""
    match = request.resolver_match
    if match is None:  # a page-cache hit (or an answer from a middleware): resolved here
        return resolved_name(get_resolver(get_urlconf()), request.path_info)
    return match.view_name or "unnamed"


@lru_cache(maxsize=4096)
def resolved_name(resolver, path):
    """``path``'s view name, remembered: resolving tries the patterns one by one, most of what a
    page-cache hit cost in Python. Keyed on the resolver, which Django renews when the URLs change."""
    try:
        return resolver.resolve(path).view_name or "unnamed"
    except Resolver404:
        return "unresolved"


def observe(request, status, seconds, cached):
    """Count one answer: its view, method and status, its latency, and what the page cache did (``cached``).

    Called for Django's answers (``MetricsMiddleware``) and for the page cache's hits answered in
    front of Django (``pagecache.front``, wired in ``newsroom.wsgi``).
    """
    view = view_name(request)
    method = request.method if request.method in METHODS else "other"
    requests, latency = _series(view, method, status)
    requests.inc()
    latency.observe(seconds)
    if cached:
        _page_cache_series(cached).inc()
    return view


@lru_cache(maxsize=4096)
def _series(view, method, status):
    """The request counter and latency histogram of one view, method and status (labels are bounded)."""
    return REQUESTS.labels(view=view, method=method, status=str(status)), LATENCY.labels(view=view)


@lru_cache(maxsize=16)
def _page_cache_series(result):
    return PAGE_CACHE.labels(result=result)


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        cached = response.get("X-Page-Cache")
        view = observe(request, response.status_code, time.perf_counter() - started, cached)
        # A page rebuilt for readers after a publication (its edition's cached copies are stale).
        if view == ARTICLE_VIEW and cached == "miss" and response.status_code == 200:
            self.close_publication(request.path)
        return response

    @staticmethod
    def close_publication(path):
        key = published_key(path)
        due = cache.get(key)
        if due is not None:
            cache.delete(key)
            PUBLISH_TO_VISIBLE.observe(max(time.time() - due, 0))
