"""Pieces of pages that many pages show alike, drawn once and kept in the cache (``shared``).

A fragment is kept with the surrogate keys it showed (``pagecache.shown``) and their tokens then
(``pagecache.generations``); it is used only while every token is unchanged, and then adds its
keys to the page being built, so a cached page lists what it listed when the fragment was drawn
and goes stale with it. What belongs to one page only is never a fragment: the page fills it in.
"""

from django.core.cache import cache

from pagecache import generations, shown

SECONDS = 60 * 60 * 24  # an upper bound on memory: a change makes a fragment stale at once
PREFIX = "fragment:v1:"  # a new version when what is stored changes shape


def shared(names, draw, seconds=SECONDS, likely=()):
    """``{name: value}`` for these cache ``names``, from the cache where current, else drawn.

    ``draw(missing)`` gives ``{name: (value, keys)}`` for the names it can draw (others are left
    out). A drawn fragment is kept only if none of its keys was renewed since the drawing began
    (a change racing the read), so the cache never holds a fragment older than its tokens.
    ``likely``: keys the fragments probably carry, whose tokens come in the same read as they do.
    """
    names = list(dict.fromkeys(names))
    asked = [PREFIX + name for name in names]
    found = cache.get_many([*asked, *map(generations.token_key, likely), generations.CLOCK_KEY])
    stored = {name.removeprefix(PREFIX): found[name] for name in asked if name in found}
    tokens = generations.tokens({key for _value, kept in stored.values() for key in kept}, found)
    values = {}
    for name, (value, kept) in stored.items():
        if all(tokens[key] == token for key, token in kept.items()):
            shown.show(*kept)
            values[name] = value
    missing = [name for name in names if name not in values]
    if missing:
        began = generations.clock(found)
        drawn = draw(missing)
        now = generations.tokens({key for _value, keys in drawn.values() for key in keys}) if drawn else {}
        fresh = {}
        for name, (value, keys) in drawn.items():
            shown.show(*keys)
            values[name] = value
            if all(now[key] <= began for key in keys):
                fresh[name] = (value, {key: now[key] for key in keys})
        cache.set_many({PREFIX + name: kept for name, kept in fresh.items()}, seconds)
    return values
