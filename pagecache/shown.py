"""What a page showed: the surrogate keys a response is built from, collected while it is rendered.

The page cache opens a collector around each cacheable request (:func:`collecting`). Whatever the
view and its templates load adds the keys it stands for:

- every row of a model an app declared with ``registry.shown_on_pages(model, keys=...)`` adds its
  keys when it is loaded (``article-123``, ``author-7``, ``photo-9``), so a card, a byline, a
  "Read next" block or an API answer carries the stories it showed without saying so;
- a view that shows "the newest N of X" names X's list key with :func:`lists` (``list-section-4``,
  ``list-tag-12``): a new story in X changes that page although it showed none of X's new rows;
- a shared block read from another cache (the ticker) names its key with :func:`show`.

A page that names no list with :func:`lists` is taken to list its whole edition (``list-en``): a
view nobody taught its lists is never left stale, only refreshed more often than it needs.
Outside a collector (the admin, commands, tasks) all of this costs one context-variable read.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class Shown:
    keys: set = field(default_factory=set)
    # True once the view named the lists it shows (``lists``).
    lists_named: bool = False


_current = ContextVar("pagecache_shown", default=None)


@contextmanager
def collecting():
    """Collect, in the block, the keys of what is shown; yields the ``Shown`` being filled."""
    shown = Shown()
    token = _current.set(shown)
    try:
        yield shown
    finally:
        _current.reset(token)


def active():
    """True while a page is being built for the cache."""
    return _current.get() is not None


def show(*keys):
    """The page being built shows what ``keys`` stand for."""
    shown = _current.get()
    if shown is not None:
        shown.keys.update(keys)


def lists(*keys):
    """The page being built shows the newest of these lists (and no other list of its edition)."""
    shown = _current.get()
    if shown is not None:
        shown.keys.update(keys)
        shown.lists_named = True
