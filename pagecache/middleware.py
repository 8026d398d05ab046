"""Serve anonymous reads of public pages, feeds, sitemaps and the API from the cache.

Hits are answered in front of Django (``front``) or, without it, by this middleware, which sits
outside every other but the metrics: a hit is served whole, with the headers the middlewares
inside added when the page was built (security headers, CSP, frame options), without running
sessions, locale, CSRF or the views: it costs at most one cache round trip and no database query.

A stored answer keeps the surrogate keys of what it showed (``shown``) and the
token each had when it was stored (``generations``); it is current while every
one of them is unchanged. Every change moves one clock, so a hit reads the page
and the clock together, in one ``get_many``: while the clock is where it was when
the page was stored, nothing anywhere changed and the page is current. When the
clock has moved, the page's own tokens are read (a second round trip) and, if
they are unchanged, the worker remembers the clock it checked them at
(``Pages.checked``): each page costs each worker one extra read per change anywhere,
not one read per key per hit. With Redis, the worker also has Redis report every
move of the clock to it (``ops.keywatch``): a page it found current a moment ago,
with no move reported since, is current still, and is served without a round trip.
The page's bytes are stored apart from its
headers, under their digest, and each worker keeps the bytes it served last
(``Bodies``): what a hit reads from the cache is a few hundred bytes, not the
page, and bytes under a digest never change, so a kept copy is never stale.
Every cacheable answer names its keys in ``Surrogate-Key`` and ``Cache-Tag`` for
a CDN, which ``purging`` asks to purge the same keys.

What is cached: GET and HEAD of edition pages (``/en/…``), the API (``/api/v1/``),
sitemaps and robots.txt, from readers without a session cookie, when the
answer is a 200 that sets no cookie and varies on nothing but the language and
(for the API) ``Accept``. Editors, who carry a session cookie, always get a
freshly built page marked private. ``generations`` decides how long a stored
answer stays current; every answer gets an ETag and Last-Modified (and a 304
when the reader already has it) and Cache-Control for a CDN in front.

When a page's tokens changed (a publish), the first worker to be asked rebuilds it
and the others show the old copy (``stale``) for the moments that takes, instead of
every worker building the same page at once: after a publish the front page is
rebuilt once, not once per request waiting for it.

Two things a stored answer must not freeze: the Most Read counter (views a
page recorded with ``popularity.record_view`` are counted again on every hit)
and the Content-Security-Policy nonce (each hit gets a new one, written into
the stored body and headers in place of the old, as django-csp makes them).
"""

import base64
import hashlib
import math
import os
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language_from_request

from editions import edition_codes
from ops import replicas
from readership import popularity

from . import generations, purging, shown

ROOT_PREFIXES = ("/api/v1/", "/sitemap", "/robots.txt")
# Response headers a stored answer may vary on: the key covers them (see ``_variant``).
KEYED_VARY = {"accept-language", "accept"}
# Private to one process: other workers cannot hear its invalidations, so copies live briefly.
LOCAL_SECONDS = 1
NONCE_PLACEHOLDER = "__pagecache_csp_nonce__"
STATUS_HEADER = "X-Page-Cache"
# What a stored page is when asked for: shown as is, shown something it shows changed, or past its time.
CURRENT, CHANGED, EXPIRED = "current", "changed", "expired"
# How long others may be shown the old copy of a page one worker is rebuilding (its build, at most).
REBUILD_SECONDS = 10
# What a CDN purges by: Fastly reads the first, Cloudflare the second (``purging``).
SURROGATE_KEY_HEADER = "Surrogate-Key"
# Where the WSGI front (``front``) leaves its lookup of a request it passes on to Django.
LOOKUP_ENVIRON = "newsroom.pagecache.lookup"
CACHE_TAG_HEADER = "Cache-Tag"
PROXY_EXPIRY = "X-Accel-Expires"  # read by nginx in front (``proxy_expiry``)


def editions_shown(path):
    """The editions whose content a cacheable path shows, or None when it is not cacheable."""
    first = path.split("/", 2)[1]
    if first in edition_codes() and path.startswith(f"/{first}/"):
        return [first]
    if path.startswith(ROOT_PREFIXES):
        return edition_codes()
    return None


def _clock_watch():
    """Redis's reports of the clock's moves to this process (``ops.keywatch``); None with another cache or off."""
    watch = getattr(cache, "watch", None)
    if watch is None or not settings.NEWSROOM_PAGE_CACHE_WATCH:
        return None
    return watch(generations.CLOCK_KEY)


def _seconds():
    if isinstance(caches["default"], LocMemCache):
        return min(LOCAL_SECONDS, settings.NEWSROOM_PAGE_CACHE_SECONDS)
    return settings.NEWSROOM_PAGE_CACHE_SECONDS


def _variant(request):
    """What besides the address decides the answer: the reader's language off-edition, and Accept for the API."""
    if editions_shown(request.path) == edition_codes():
        return f"{get_language_from_request(request)}|{request.headers.get('Accept', '')}"
    return ""


def _cache_key(request):
    parts = [request.scheme, request.get_host(), request.get_full_path(), _variant(request)]
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
    return f"{generations.KEY_PREFIX}:page:{digest}"


def _storable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()}
    control = response.get("Cache-Control", "").lower()
    return vary <= KEYED_VARY and not any(word in control for word in ("private", "no-store", "no-cache"))


def _cdn_headers(response):
    """Browsers revalidate every time (a 304 is cheap); a CDN may keep a copy briefly and serve it while refreshing."""
    control = response.get("Cache-Control", "")
    extra = {"public": True}
    if "max-age" not in control:
        extra["max_age"] = 0
    if "s-maxage" not in control:
        extra["s_maxage"] = settings.NEWSROOM_PAGE_CACHE_CDN_SECONDS
    if "stale-while-revalidate" not in control:
        extra["stale_while_revalidate"] = settings.NEWSROOM_PAGE_CACHE_CDN_STALE_SECONDS
    patch_cache_control(response, **extra)


def proxy_expiry():
    """``X-Accel-Expires`` for nginx in front: keep a copy until the last whole second of ``s-maxage`` ends.

    nginx counts a copy's life in whole seconds from the second it was stored, so ``s-maxage=1``
    alone keeps it between one and two seconds; an absolute end in the current second (for one
    second) keeps it at most one, and a publish shows through nginx within that. Sent on every
    answer a CDN may keep (hits, misses, 304s), never stored with a copy; nginx reads it and does
    not pass it on.
    """
    return f"@{int(time.time()) + settings.NEWSROOM_PAGE_CACHE_CDN_SECONDS - 1}"


def _page_keys(shown, editions, path):
    """The surrogate keys of a page: what it showed, its editions, its address, and its lists."""
    keys = {*shown.keys, generations.path_key(path), *(generations.edition_key(code) for code in editions)}
    if not shown.lists_named:  # a view that did not say which lists it shows: the whole edition's
        keys.update(generations.list_key(code) for code in editions)
    return sorted(keys)


class Remembered:
    """A worker's notes by page key (the clock it last found a page current at; the page's last read).

    Bounded: forgotten all at once past ``limit`` pages (each then costs one more read).
    """

    def __init__(self, limit):
        self.limit = limit
        self._notes = {}

    def get(self, key):
        return self._notes.get(key)

    def remember(self, key, note):
        if len(self._notes) >= self.limit:
            self._notes.clear()
        self._notes[key] = note


class Bodies:
    """The bytes of the pages this worker served last, by digest, split where the nonce goes.

    Bounded by their size: the least recently used go.
    """

    LIMIT_BYTES = 32 * 1024 * 1024

    def __init__(self):
        self._bodies = OrderedDict()
        self._size = 0

    def get(self, digest):
        pieces = self._bodies.get(digest)
        if pieces is not None:
            self._bodies.move_to_end(digest)
        return pieces

    def remember(self, digest, pieces):
        size = sum(map(len, pieces))
        if digest in self._bodies or size > self.LIMIT_BYTES:
            return
        self._bodies[digest] = pieces
        self._size += size
        while self._size > self.LIMIT_BYTES:
            _, dropped = self._bodies.popitem(last=False)
            self._size -= sum(map(len, dropped))


def body_key(digest):
    return f"{generations.KEY_PREFIX}:body:{digest}"


def rebuild_key(key):
    """Held by the worker rebuilding a changed page (``cache.add``), for at most ``REBUILD_SECONDS``."""
    return f"{key}:rebuilding"


@dataclass
class Answer:
    """A stored copy, ready to send: status, headers (a fresh nonce written in) and bytes.

    ``cached``: what ``X-Page-Cache`` says of it (hit, or stale while another worker rebuilds it).
    """

    status: int
    headers: list
    content: bytes
    etag: str
    last_modified: float
    cached: str


@dataclass
class Lookup:
    """What the cache holds for a reader's request, read once (by ``front`` or the middleware).

    ``answer``: a copy to serve (current, or the old one while another worker rebuilds it);
    ``rebuilding``: this worker holds the page's rebuild and must build it, then let go.
    """

    pages: "Pages"
    key: str
    found: dict
    answer: Answer | None
    rebuilding: bool


def reader_editions(request):
    """The editions a request for a cacheable page shows, or None when the page cache is not for it."""
    if not settings.NEWSROOM_PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return None
    return editions_shown(request.path)


def from_editor(request):
    """An editor (or an API client with credentials): always built fresh, never kept by anyone."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META


class Pages:
    """One worker's side of the page cache: what it remembers between requests, and its lookups.

    ``checked``: the clock at which each page's tokens were last found unchanged. ``read``: each
    current page's last read from the cache and when it was made; with Redis watching the clock
    for this worker (``ops.keywatch``), a page read a moment ago with no change reported since is
    current still, and served without a round trip.
    """

    def __init__(self):
        self.checked = Remembered(20_000)
        # A read holds the page's headers and tokens (a few KB): the pages served most are few.
        self.read = Remembered(2_000)
        self.bodies = Bodies()

    def lookup(self, request):
        """The stored page and the clock, read together: a round trip for a hit, none while Redis reports no change."""
        key = _cache_key(request)
        watch = _clock_watch()
        remembered = self._remembered(key, watch) if watch is not None else None
        if remembered is not None:
            return remembered
        read_at = time.monotonic()
        found = cache.get_many([key, generations.CLOCK_KEY, generations.CHANGED_KEY])
        entry = found.get(key)
        freshness = self._freshness(key, entry, found) if entry is not None else None
        rebuilding = freshness == CHANGED and cache.add(rebuild_key(key), True, REBUILD_SECONDS)
        answer = None
        if freshness == CURRENT or (freshness == CHANGED and not rebuilding):
            # A changed page another worker is rebuilding: the copy it replaces, for the moments that
            # takes, rather than every worker building the same page at once after a publish.
            pieces = self._pieces(entry["body"])
            if pieces is not None:
                if freshness == CURRENT and watch is not None:
                    self.read.remember(key, (found, read_at))
                answer = _answer(entry, pieces, "hit" if freshness == CURRENT else "stale")
        return Lookup(self, key, found, answer, rebuilding)

    def _remembered(self, key, watch):
        """A hit on the page as this worker last read it, when nothing changed since (Redis says) and it is current."""
        read = self.read.get(key)
        if read is None or not watch.unchanged_since(read[1]):
            return None
        found = read[0]
        entry = found[key]
        pieces = self.bodies.get(entry["body"])
        if pieces is None or self._freshness(key, entry, found) != CURRENT:
            return None
        return Lookup(self, key, found, _answer(entry, pieces, "hit"), False)

    def _freshness(self, key, entry, found):
        """``CURRENT`` while none of the entry's tokens changed, ``CHANGED`` once one did, ``EXPIRED`` past its time."""
        if entry["valid_until"] <= time.time():
            return EXPIRED
        now = found.get(generations.CLOCK_KEY)
        if now is not None and now in (entry["clock"], self.checked.get(key)):
            return CURRENT
        current = cache.get_many(list(entry["tokens"]))
        if any(current.get(name) != token for name, token in entry["tokens"].items()):
            return CHANGED
        if now is not None:
            self.checked.remember(key, now)
        return CURRENT

    def store(self, key, entry, content):
        timeout = math.ceil(entry["valid_until"] - time.time())
        if timeout > 0:
            cache.set_many({key: entry, body_key(entry["body"]): content}, timeout)
            self.bodies.remember(entry["body"], _split(content))

    def _pieces(self, digest):
        """The page's bytes, split at the nonce: this worker's copy, else the cache's (kept from then on).

        None when they were evicted.
        """
        pieces = self.bodies.get(digest)
        if pieces is None:
            content = cache.get(body_key(digest))
            if content is not None:
                pieces = _split(content)
                self.bodies.remember(digest, pieces)
        return pieces


def _split(content):
    return content.split(NONCE_PLACEHOLDER.encode())


def _answer(entry, pieces, status):
    """The stored copy with a new nonce where the old one was (as django-csp makes one), its views counted."""
    headers = entry["headers"]
    if entry["nonce"]:
        nonce = base64.b64encode(os.urandom(16)).decode("ascii")
        content = nonce.encode().join(pieces)
        headers = [(name, value.replace(NONCE_PLACEHOLDER, nonce)) for name, value in headers]
    else:
        content = pieces[0]
    for edition, article_id in entry["views"]:
        popularity.count_view(edition, article_id)
    headers = [*headers, ("Content-Length", str(len(content))), (STATUS_HEADER, status), (PROXY_EXPIRY, proxy_expiry())]
    return Answer(entry["status"], headers, content, entry["etag"], entry["last_modified"], status)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.pages = Pages()

    def __call__(self, request):
        editions = reader_editions(request)
        if editions is None:
            return self.get_response(request)
        if from_editor(request):
            response = self.get_response(request)
            add_never_cache_headers(response)
            response[STATUS_HEADER] = "bypass"
            return response
        # Looked up already when the WSGI front (``front``) passed the request on.
        lookup = request.META.pop(LOOKUP_ENVIRON, None) or self.pages.lookup(request)
        if lookup.answer is not None:
            return _response(request, lookup.answer)
        try:
            return self._build(request, lookup, editions)
        finally:
            if lookup.rebuilding:  # only the worker that took the rebuild lets it go
                cache.delete(rebuild_key(lookup.key))

    def _build(self, request, lookup, editions):
        """The page built by the view, stored when it may be."""
        started = generations.clock(lookup.found)
        if generations.changed_within(lookup.found, replicas.pin_seconds()):
            replicas.read_primary(request)  # a replica may not have the change yet, and this copy is kept
        # Before the page is built: a story going live while it is read from the database is past it.
        boundary = generations.boundary(editions)
        request.counted_views = []
        with shown.collecting() as collected:
            response = self.get_response(request)
        response[STATUS_HEADER] = "miss"
        if not _storable(response):
            return response
        keys = _page_keys(collected, editions, request.path)
        tokens = generations.tokens(keys)
        entry, content = self._entry(request, response, keys, boundary)
        # Stored only when nothing it shows changed since it started: else it may show the old version.
        if max(tokens.values()) <= started:
            entry["tokens"] = {generations.token_key(name): token for name, token in tokens.items()}
            entry["clock"] = started  # no change anywhere since: current without reading its tokens
            lookup.pages.store(lookup.key, entry, content)
        response = get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
        )
        response[PROXY_EXPIRY] = proxy_expiry()
        return response

    def _entry(self, request, response, keys, boundary):
        """Finish ``response``'s headers (validators, CDN directives, surrogate keys); a stored copy and its bytes."""
        content = response.content
        nonce = getattr(request, "_csp_nonce", None)
        if isinstance(nonce, str):
            content = content.replace(nonce.encode(), NONCE_PLACEHOLDER.encode())
        digest = hashlib.blake2b(content, digest_size=16).hexdigest()
        if not response.has_header("ETag"):
            # Weak when a nonce makes each copy differ byte for byte while meaning the same.
            response["ETag"] = f'{"W/" if isinstance(nonce, str) else ""}"{digest}"'
        now = time.time()
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(now)
        _cdn_headers(response)
        response[SURROGATE_KEY_HEADER] = purging.header_value(keys, " ")
        response[CACHE_TAG_HEADER] = purging.header_value(keys, ",")
        return {
            "status": response.status_code,
            "body": digest,
            "headers": [
                (name, value.replace(nonce, NONCE_PLACEHOLDER) if isinstance(nonce, str) else value)
                for name, value in response.items()
                if name.lower() not in ("content-length", STATUS_HEADER.lower())
            ],
            "nonce": isinstance(nonce, str),
            "views": list(request.counted_views),
            "etag": response["ETag"],
            "last_modified": parse_http_date_safe(response["Last-Modified"]),
            "valid_until": min(now + _seconds(), boundary),
        }, content


def _response(request, answer):
    response = HttpResponse(answer.content, status=answer.status)
    for header, value in answer.headers:
        response[header] = value
    response = get_conditional_response(
        request, etag=answer.etag, last_modified=answer.last_modified, response=response
    )
    response[PROXY_EXPIRY] = proxy_expiry()  # a 304 too: nginx renews its copy's life from it
    return response
