"""Which cached responses are still current: a token per surrogate key, and a time boundary.

Every stored response lists the surrogate keys of what it showed (``shown``): the stories on it
(``article-123``), the lists it shows the newest of (``list-section-4``, ``list-en`` for the
edition's newest), the blocks every page carries (``ticker-en``), its edition (``edition-en``) and
its own address (``path-…``). Each key has a token in the cache; a change renews the tokens of the
keys it touches (:func:`invalidate_keys`) and nothing else, so publishing a story in Politics
rebuilds the pages that showed it or list Politics, its tags, regions and authors, the edition's
front page, feeds, sitemaps and API lists, and leaves the Sport section, other stories' pages and
the other editions cached. :func:`invalidate` renews a whole edition, for what every page shows
(the menus).

Tokens are numbers from one clock in the cache (``INCR``), started at the time in microseconds
when it is missing, so a clock lost with Redis and started again never hands out a number an
old copy was stored under. A renewed token is the clock's new value. That makes one race easy to
see: a page records the clock before it is built, and is not stored when any of its keys was
renewed after that (a story published while the page was being read from the database).
Renewing once at once and once more when the transaction commits covers readers who built a page
between the two from the data as it was before the commit.

The cache also keeps the time of the latest change (``CHANGED_KEY``): a page rebuilt within
moments of one is read from the primary database (:func:`changed_within`), since a read replica
may not have the change yet and the copy would keep the old content for everyone.

Some changes need no write at all: a scheduled article goes live at its publish time, a scheduled
update falls due, a breaking item expires. For each edition the cache keeps the next such moment
(:func:`boundary`), filed under the edition's schedule token, which every change that can move
such a moment renews; a stored response never outlives the boundary it was stored under.
"""

import hashlib
import math
import time

from django.core.cache import cache
from django.db import transaction

from editions import edition_codes

from .purging import keys_invalidated
from .registry import upcoming_queries

KEY_PREFIX = "pagecache:v3"
CLOCK_KEY = f"{KEY_PREFIX}:clock"
CHANGED_KEY = f"{KEY_PREFIX}:changed-at"  # the time of the latest change, for read replicas
# Boundaries are recomputed when they pass or the schedule changes; this only bounds memory.
BOUNDARY_SECONDS = 60 * 60 * 24


def edition_key(edition):
    """Every page of ``edition``: renewed for what all of them show (the menus)."""
    return f"edition-{edition}"


def list_key(edition):
    """The newest stories of ``edition``: its front page, feeds, sitemaps, search and API lists."""
    return f"list-{edition}"


def path_key(path):
    """One address, every query string of it."""
    return f"path-{hashlib.blake2b(path.encode(), digest_size=8).hexdigest()}"


def schedule_key(edition):
    """Not on any page: renewed when the next timed change of ``edition`` may have moved."""
    return f"schedule-{edition}"


def token_key(key):
    # Short: a hit reads one of these for every key of the page.
    return f"pc2:{key}"


def boundary_key(edition, token):
    return f"{KEY_PREFIX}:boundary:{edition}:{token}"


def clock(found):
    """The clock in ``found`` (a ``get_many`` that asked for ``CLOCK_KEY``), started when missing."""
    now = found.get(CLOCK_KEY)
    if now is None:
        # ``add``: when two workers start the clock at once, both use the first value.
        cache.add(CLOCK_KEY, time.time_ns() // 1000, None)
        now = cache.get(CLOCK_KEY)
    return now if now is not None else math.inf  # the cache is away: nothing will be stored


def tokens(keys, found=None):
    """The current token of each surrogate key, keys never renewed (or evicted) started at the clock.

    One round trip when they all exist; ``found``: what the cache already returned for them.
    """
    wanted = {token_key(key): key for key in keys}
    if found is None or not wanted.keys() <= found.keys():
        found = {**(found or {}), **cache.get_many([*wanted, CLOCK_KEY])}
    missing = wanted.keys() - found.keys()
    if missing:
        now = clock(found)
        for name in missing:
            # ``add``, never ``set``: a renewal that came in between must not be written over.
            if not cache.add(name, now, None):
                found[name] = cache.get(name, now)
            else:
                found[name] = now
    return {key: found[name] for name, key in wanted.items()}


def _renew(keys):
    try:
        now = cache.incr(CLOCK_KEY)
    except ValueError:  # no clock yet, or it was evicted
        cache.add(CLOCK_KEY, time.time_ns() // 1000, None)
        now = cache.incr(CLOCK_KEY)
    cache.set_many({**{token_key(key): now for key in keys}, CHANGED_KEY: time.time()}, None)


def changed_within(found, seconds):
    """Whether the latest change (``found``: a ``get_many`` that asked for ``CHANGED_KEY``) is under ``seconds`` old."""
    changed = found.get(CHANGED_KEY)
    return changed is not None and time.time() - changed < seconds


def invalidate_keys(keys, editions=()):
    """Make every cached response that showed one of ``keys`` stale, and nothing else.

    ``editions``: those whose next timed change may have moved with this one (a story scheduled,
    a breaking item posted). Renews now and once more when the transaction commits; then tells a
    CDN in front to purge the same keys (``purging``).
    """
    keys = sorted({*keys, *(schedule_key(code) for code in editions)})
    if not keys:
        return
    _renew(keys)

    def committed():
        _renew(keys)
        keys_invalidated.send(invalidate_keys, keys=[key for key in keys if not key.startswith("schedule-")])

    transaction.on_commit(committed)


def invalidate(editions=None):
    """Make every cached response of these editions (default: all) stale."""
    editions = sorted(set(editions or edition_codes()))
    invalidate_keys([edition_key(code) for code in editions], editions)


def invalidate_paths(paths):
    """Make the cached copies of these pages stale (every query string of them), and nothing else."""
    invalidate_keys([path_key(path) for path in paths])


def next_changes(editions):
    """Epoch seconds of the next moment readers of each edition see a change without a save.

    Infinity when nothing is coming. One query, whatever the number of editions: the apps'
    ``registry.upcoming_changes`` queries, each a range read on an index, joined in a union.
    """
    found = dict.fromkeys(editions, math.inf)
    queries = upcoming_queries(editions)
    if queries:
        for edition, moment in queries[0].union(*queries[1:], all=True):
            found[edition] = min(found[edition], moment.timestamp())
    return found


def boundary(editions):
    """The earliest time boundary of ``editions``, from the cache where it holds one still to come.

    Missing or passed boundaries are computed afresh (one query for all of them), so the cache
    always holds moments still to come.
    """
    schedules = tokens([schedule_key(code) for code in editions])
    keys = {code: boundary_key(code, schedules[schedule_key(code)]) for code in editions}
    cached = cache.get_many(list(keys.values()))
    now = time.time()
    known = {code: cached.get(key) for code, key in keys.items()}
    stale = [code for code, moment in known.items() if moment is None or moment <= now]
    if stale:
        fresh = next_changes(stale)
        cache.set_many({keys[code]: fresh[code] for code in stale}, BOUNDARY_SECONDS)
        known.update(fresh)
    return min(known.values())
