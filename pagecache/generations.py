"""Which cached responses are still current: a generation per edition, and a time boundary.

Every stored response is filed under the generation tokens of the editions it
shows (an edition's pages: that edition's token; the API and the sitemaps: all
of them). Any content change in an edition gives it a new token
(:func:`invalidate`), so every cached page of that edition is rebuilt on its
next request. There is no list of URLs to purge and nothing can be forgotten:
home, sections, regions, tags, authors, feeds, sitemaps and the article itself
all change together, within the next request.

Tokens are random rather than counters: a token evicted from Redis and made
again can never bring back copies stored under an old one. Each starts with the
time of the change that made it: a page rebuilt within moments of one is read from the
primary database (``changed_within``), since a read replica may not have the
change yet and the copy would keep the old content for everyone.

Some changes need no write at all: a scheduled article goes live at its
publish time, a scheduled update of a live article falls due, a breaking item
expires. For each edition and generation the cache keeps the next such moment
(:func:`boundary`), and a stored response never outlives the boundary it was
stored under. The boundary is filed under the generation too, so one computed
from data that was about to change is never read again.
"""

import hashlib
import math
import time
import uuid

from django.core.cache import cache
from django.db import transaction

from editions import edition_codes

from .registry import upcoming_queries

KEY_PREFIX = "pagecache:v1"
# Boundaries are recomputed when they pass or the generation changes; this only bounds memory.
BOUNDARY_SECONDS = 60 * 60 * 24


def generation_key(edition):
    return f"{KEY_PREFIX}:generation:{edition}"


def boundary_key(edition, token):
    return f"{KEY_PREFIX}:boundary:{edition}:{token}"


def path_key(path):
    digest = hashlib.blake2b(path.encode(), digest_size=16).hexdigest()
    return f"{KEY_PREFIX}:path:{digest}"


def token_keys(editions, path):
    """The cache keys of the tokens a page of ``path`` showing ``editions`` depends on, edition tokens first."""
    return [*(generation_key(code) for code in editions), path_key(path)]


def new_token(made):
    """A random token starting with ``made``: the time of the change, or 0 for a token merely missing."""
    return f"{made:.3f}:{uuid.uuid4().hex}"


def changed_within(tokens, seconds):
    """Whether any of ``tokens`` was made less than ``seconds`` ago."""
    now = time.time()
    for token in tokens:
        made, sep, _random = (token or "").partition(":")
        if sep and now - float(made) < seconds:
            return True
    return False


def generations(editions, path=None, found=None):
    """The current token of each edition and, given a ``path``, of that page (one cache round trip when they exist).

    The page's token is under the key ``"path"``; a stored page keeps it with the editions' tokens, and
    it takes no part in the time boundary. ``found``: what the cache already returned for these keys (the
    page cache reads them with the page); the editions' tokens started here are added to it.
    """
    keys = {generation_key(code): code for code in editions}
    if found is None:
        found = cache.get_many([*keys, path_key(path)] if path else list(keys))
    for key in keys.keys() - found.keys():
        # ``add``: when two workers start a missing generation at once, both use the first.
        cache.add(key, new_token(0), None)
        # None when the cache is unreachable: a one-off token makes this request a plain miss.
        found[key] = cache.get(key) or uuid.uuid4().hex
    tokens = {code: found[key] for key, code in keys.items()}
    if path:
        tokens["path"] = found.get(path_key(path), "")
    return tokens


def _renew(editions):
    cache.set_many({generation_key(code): new_token(time.time()) for code in editions}, None)


def invalidate(editions=None):
    """Make every cached response of these editions (default: all) stale.

    Once now and once more when the transaction commits: a reader who rebuilt
    a page between the two from not-yet-committed data stored it under a token
    that is already gone.
    """
    editions = sorted(set(editions or edition_codes()))
    _renew(editions)
    transaction.on_commit(lambda: _renew(editions))


def invalidate_paths(paths):
    """Make the cached copies of these pages stale (every query string of them), and nothing else.

    Now and again when the transaction commits, as :func:`invalidate` does.
    """

    def renew():
        cache.set_many({path_key(path): new_token(time.time()) for path in paths}, None)

    renew()
    transaction.on_commit(renew)


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


def boundary(tokens, cached):
    """The earliest time boundary of the editions in ``tokens`` (edition -> generation token).

    ``cached`` holds what the cache already returned for their boundary keys.
    Missing or passed boundaries are computed afresh (one query for all of
    them), so the cache always holds moments still to come.
    """
    now = time.time()
    known = {code: cached.get(boundary_key(code, token)) for code, token in tokens.items()}
    stale = [code for code, moment in known.items() if moment is None or moment <= now]
    if stale:
        fresh = next_changes(stale)
        cache.set_many({boundary_key(code, tokens[code]): fresh[code] for code in stale}, BOUNDARY_SECONDS)
        known.update(fresh)
    return min(known.values())
