"""Share counts: clicks on our share links, counted in the cache and written to articles in batches.

A share button links to ``/share/<network>/<article id>/`` (``views.share``), which counts the
click and sends the reader on to the network. Counting is one cache increment in the current
minute's bucket, never a database write: the minute's first share of an article also claims a
numbered slot (``incr`` hands them out atomically, as in Most Read), so a bucket's articles are
found without scanning keys; the bucket's first share numbers the bucket itself the same way, so
the buckets waiting to be written are found too.

Finished minutes are written to ``Article.share_count`` by the first share after them (or by
``manage.py flush_shares``): one ``UPDATE … SET share_count = share_count + n`` per distinct ``n``,
whatever the number of clicks. Each bucket is claimed with ``cache.add`` before it is written, so
two workers never write it twice. Buckets left unwritten for ``KEEP_SECONDS`` expire: counts are
approximate by design, and a story shows no count until it has one.

The written totals reach cached pages when those are next rebuilt (``NEWSROOM_PAGE_CACHE_SECONDS``
at most); the ``UPDATE`` sends no signal, so shares never empty the page cache.
"""

import time
from collections import defaultdict

from django.core.cache import cache
from django.db.models import F

from articles.models import Article

BUCKET_SECONDS = 60
KEEP_SECONDS = 24 * 3600
FLUSHED_KEY = "shares:flushed"  # the last minute written
BUCKETS_KEY = "shares:buckets"  # how many minutes had shares
DONE_KEY = "shares:buckets-done"  # how many of those were written


def bucket_of(moment):
    return int(moment // BUCKET_SECONDS)


def _counter_key(bucket, article_id):
    return f"shares:{bucket}:a{article_id}"


def _slots_key(bucket):
    return f"shares:{bucket}:slots"


def _slot_key(bucket, number):
    return f"shares:{bucket}:s{number}"


def _bucket_key(number):
    return f"shares:b{number}"


def _increment(key, timeout=KEEP_SECONDS):
    try:
        return cache.incr(key)
    except ValueError:
        if cache.add(key, 1, timeout):
            return 1
        return cache.incr(key)


def count_share(article_id, now=None):
    """Count one share of ``article_id``; write finished minutes if some are waiting."""
    now = time.time() if now is None else now
    bucket = bucket_of(now)
    if _increment(_counter_key(bucket, article_id)) == 1:  # the minute's first share of this article
        slot = _increment(_slots_key(bucket))
        cache.set(_slot_key(bucket, slot), article_id, KEEP_SECONDS)
        if slot == 1:  # the minute's first share
            cache.set(_bucket_key(_increment(BUCKETS_KEY, timeout=None)), bucket, KEEP_SECONDS)
    flushed = cache.get(FLUSHED_KEY)
    if flushed is None or flushed < bucket - 1:
        flush(now)


def flush(now=None, *, including_current=False):
    """Write the minutes with shares not yet written, up to the last finished one (or the current one too)."""
    now = time.time() if now is None else now
    last = bucket_of(now) - (0 if including_current else 1)
    recorded, done = cache.get(BUCKETS_KEY) or 0, cache.get(DONE_KEY) or 0
    if done > recorded:  # the cache lost the numbering: start it again
        done = 0
    numbers = range(done + 1, recorded + 1)
    buckets = cache.get_many([_bucket_key(number) for number in numbers])
    written = 0
    for number in numbers:
        bucket = buckets.get(_bucket_key(number))
        if bucket is not None and bucket > last:
            break  # still counting: written once it is over
        if bucket is not None and cache.add(f"shares:{bucket}:claimed", 1, KEEP_SECONDS):
            written += _write(bucket)
        done = number
    cache.set(DONE_KEY, done, None)
    cache.set(FLUSHED_KEY, last, KEEP_SECONDS)
    return written


def _write(bucket):
    slots = cache.get(_slots_key(bucket)) or 0
    if not slots:
        return 0
    ids = list(cache.get_many([_slot_key(bucket, n) for n in range(1, slots + 1)]).values())
    counts = cache.get_many([_counter_key(bucket, article_id) for article_id in ids])
    by_count = defaultdict(list)
    for article_id in ids:
        shares = counts.get(_counter_key(bucket, article_id)) or 0
        if shares:
            by_count[shares].append(article_id)
    for shares, articles in by_count.items():
        Article.objects.filter(pk__in=articles).update(share_count=F("share_count") + shares)
    cache.delete_many([_slots_key(bucket), *counts])
    return sum(shares * len(articles) for shares, articles in by_count.items())
