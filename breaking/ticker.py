"""The ticker as readers get it: one cached, serialised payload per edition.

Thousands of readers poll ``/<edition>/breaking.json`` every few seconds, and
every public page renders the ticker, so both read this cache and the database
is asked only when something changed:

* saving or deleting an item (or a linked article) calls :func:`invalidate`,
  which gives the edition a new *generation*; cached payloads of older
  generations are never read again. Invalidating once at once and once more
  after the transaction commits closes the race where a reader rebuilds from
  data that is about to change.
* an item's expiry needs no write: the payload carries the time of the next
  change it knows of (earliest expiry, or a linked article going public) and
  is rebuilt once that time has passed.

The ETag is a hash of the payload's bytes, so a rebuild that changes nothing
keeps answering readers' polls with 304.
"""

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from articles.pagekeys import article as article_key
from editions import edition_codes
from pagecache import shown

from .models import BreakingItem

MAX_ITEMS = 20
# Bump the version when the cached Ticker changes shape, so old pickles are never read.
CACHE_PREFIX = "breaking:ticker:v2"
# Safety net only: invalidation and the stored next-change time do the real work.
SHARED_CACHE_TTL = 60 * 60
# A cache private to one process (LocMemCache) cannot hear other workers'
# invalidations, so its copies must be short-lived to keep the 15-second promise.
LOCAL_CACHE_TTL = 5


@dataclass(frozen=True)
class Ticker:
    edition: str
    items: list
    body: bytes
    etag: str
    next_change: datetime | None
    # The surrogate keys of what it shows (``pagecache.shown``): the ticker and the linked stories.
    keys: tuple = ()

    @property
    def is_stale(self):
        return self.next_change is not None and timezone.now() >= self.next_change


def ticker_key(edition):
    """The surrogate key of every page that shows ``edition``'s ticker (``pagecache.shown``)."""
    return f"ticker-{edition}"


def item_key(pk):
    """The surrogate key of the pages that show item ``pk``."""
    return f"breaking-{pk}"


def _generation_key(edition):
    return f"{CACHE_PREFIX}:{edition}:generation"


def _payload_key(edition, generation):
    return f"{CACHE_PREFIX}:{edition}:{generation}"


def _cache_ttl():
    backend = settings.CACHES["default"]["BACKEND"]
    return LOCAL_CACHE_TTL if backend.endswith("LocMemCache") or backend.endswith("DummyCache") else SHARED_CACHE_TTL


def _generation(edition):
    key = _generation_key(edition)
    generation = cache.get(key)
    if generation is None:
        cache.add(key, uuid.uuid4().hex, None)
        generation = cache.get(key)
    return generation


def serialise(item):
    """What a reader's browser needs to draw one item; nothing about staff."""
    article = item.article
    linked = article is not None and article.is_public and article.edition == item.edition
    return {
        "id": item.pk,
        "text": item.text,
        "attribution": item.attribution,
        "statement": item.statement,
        "urgent": item.is_urgent,
        "url": article.get_absolute_url() if linked else None,
        "posted_at": item.posted_at.isoformat(),
    }


def build(edition):
    """Read the edition's live items from the database and serialise them."""
    items = list(
        BreakingItem.objects.live().in_edition(edition).select_related("article", "article__section")[:MAX_ITEMS]
    )
    now = timezone.now()
    change_times = [item.expires_at for item in items]
    # A linked article scheduled to go public becomes a link at its time, without a write.
    change_times += [
        item.article.publish_at
        for item in items
        if item.article and item.article.publish_at and item.article.publish_at > now
    ]
    payload = {"edition": edition, "items": [serialise(item) for item in items]}
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    etag = f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'
    keys = (
        ticker_key(edition),
        *(item_key(item.pk) for item in items),
        *(article_key(item.article_id) for item in items if item.article_id),
    )
    return Ticker(edition, payload["items"], body, etag, min(change_times, default=None), keys)


def get_ticker(edition):
    """The edition's ticker from the cache, rebuilt when invalidated or when an item expired."""
    generation = _generation(edition)
    key = _payload_key(edition, generation)
    ticker = cache.get(key)
    if ticker is None or ticker.is_stale:
        ticker = build(edition)
        cache.set(key, ticker, _cache_ttl())
    shown.show(*ticker.keys)
    return ticker


def _forget(editions):
    cache.set_many({_generation_key(code): uuid.uuid4().hex for code in editions}, None)


def invalidate(editions=None):
    """Make the next read of these editions' tickers (default: all) go to the database."""
    editions = list(editions or edition_codes())
    _forget(editions)
    transaction.on_commit(lambda: _forget(editions))
