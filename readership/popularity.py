"""Most Read: article page views counted in the cache, never in the database.

Each view increments a counter for (edition, hour, article). The first view
of an article in an hour also claims a numbered slot in that hour's index
(``incr`` hands out slot numbers atomically, so concurrent workers never
overwrite each other), which lets ``most_read_ids`` find the hour's articles
without scanning keys. The ranking over the last ``WINDOW_HOURS`` is cached for
a minute per edition. Works with Redis in production and the local-memory
cache in development; counts are approximate by design.

Each worker adds up its views in memory and writes them at most once a second
(``FLUSH_SECONDS``), one ``incr`` per article rather than one per view: a
page served from the cache then costs no write at all on most requests.
Readers of the counts write their own process's views first; gunicorn writes
a worker's last views when it exits.
"""

import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from django.core.cache import cache
from django.utils import timezone

WINDOW_HOURS = 48
RANKING_SECONDS = 60
TOP_SIZE = 5
# Counters outlive the window by an hour so the oldest hour is still complete.
COUNTER_SECONDS = (WINDOW_HOURS + 1) * 3600
FLUSH_SECONDS = 1.0

_pending = Counter()  # (edition, hour, article id) -> views not yet written to the cache
_pending_lock = threading.Lock()
_flushed_at = 0.0


def _hour(moment):
    return _hour_label(int(moment.timestamp()) // 3600)


@lru_cache(maxsize=4)
def _hour_label(hours):
    """The hour ``hours`` after the epoch as counters name it: worked out once an hour, not once a view."""
    return datetime.fromtimestamp(hours * 3600, UTC).strftime("%Y%m%d%H")


def _counter_key(edition, hour, article_id):
    return f"mostread:{edition}:{hour}:a{article_id}"


def _slots_key(edition, hour):
    return f"mostread:{edition}:{hour}:slots"


def _slot_key(edition, hour, number):
    return f"mostread:{edition}:{hour}:s{number}"


def _increment(key, delta=1):
    """``cache.incr`` that starts missing counters at ``delta`` (with an expiry)."""
    try:
        return cache.incr(key, delta)
    except ValueError:
        if cache.add(key, delta, COUNTER_SECONDS):
            return delta
        return cache.incr(key, delta)


def record_view(article, now=None, request=None):
    """Count one page view of ``article`` in the current hour.

    Given the ``request``, the view is also noted in ``request.counted_views``
    (when the page cache provides that list), so the cached copy of the page
    counts every reader it is served to as well.
    """
    count_view(article.edition, article.pk, now)
    counted = getattr(request, "counted_views", None)
    if counted is not None:
        counted.append((article.edition, article.pk))


def count_view(edition, article_id, now=None):
    with _pending_lock:
        _pending[(edition, _hour_label(int(now.timestamp() if now else time.time()) // 3600), article_id)] += 1
    if time.monotonic() - _flushed_at >= FLUSH_SECONDS:
        flush_views()


def flush_views():
    """Write this process's pending views to the cache."""
    global _flushed_at
    with _pending_lock:
        batch = dict(_pending)
        _pending.clear()
        _flushed_at = time.monotonic()
    for (edition, hour, article_id), views in batch.items():
        if _increment(_counter_key(edition, hour, article_id), views) == views:  # the hour's first views
            slot = _increment(_slots_key(edition, hour))
            cache.set(_slot_key(edition, hour, slot), article_id, COUNTER_SECONDS)


def view_counts(edition, now=None):
    """Views per article id over the window, read from the cache."""
    flush_views()
    now = now or timezone.now()
    totals = Counter()
    hours = [_hour(now - timedelta(hours=offset)) for offset in range(WINDOW_HOURS)]
    slot_counts = cache.get_many([_slots_key(edition, hour) for hour in hours])
    for hour in hours:
        slots = slot_counts.get(_slots_key(edition, hour)) or 0
        if not slots:
            continue
        ids = cache.get_many([_slot_key(edition, hour, n) for n in range(1, slots + 1)]).values()
        counters = cache.get_many([_counter_key(edition, hour, article_id) for article_id in ids])
        for article_id in ids:
            totals[article_id] += counters.get(_counter_key(edition, hour, article_id)) or 0
    return totals


def most_read_ids(edition, limit=TOP_SIZE * 3):
    """The most viewed article ids of ``edition``, cached for a minute.

    More ids than shown are kept, so the caller can drop any that were
    unpublished since and still fill the box.
    """
    key = f"mostread:{edition}:ranking"
    ranking = cache.get(key)
    if ranking is None:
        ranking = [article_id for article_id, _views in view_counts(edition).most_common(limit)]
        cache.set(key, ranking, RANKING_SECONDS)
    return ranking
