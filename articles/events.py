"""What happened to an article, announced once for every app that keeps something in step with it.

``article_changed`` is the one signal the page cache, the search index, the sitemaps, the ticker
and (later) webhooks listen to. It is sent:

- after an article is saved (``part`` is None): ``before`` is what the database held until this
  save (None for a new article), ``after`` what it holds now;
- after it is deleted for good (``part`` is None, ``after`` is None);
- after one of its own rows changed (``part`` names them: ``"bylines"``, ``"tags"``, ``"gallery"``,
  ``"corrections"``, ``"regions"``, ``"related"``, ``"scheduled_updates"``): ``before`` and
  ``after`` are both the article's current state.

Loading raw rows (``loaddata``) sends nothing; a restore (``backups``) brings back the search index,
sitemap tallies and the rest with the articles, and clears the cache.

Receivers get ``sender`` (the ``Article`` class), ``article``, ``before``, ``after`` and ``part``.
They run inside the saving transaction, in the order their apps are installed. Code that writes
an article and its parts in several steps (an import) can hold the announcements until it is done
(``announce_once``), so that receivers build what they derive once, from the finished article.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.dispatch import Signal

# While ``announce_once`` is open: the held announcements by (article, part), in first-seen order.
_held = ContextVar("held_article_changes", default=None)


class ArticleChanged(Signal):
    """``article_changed``'s kind of signal: its sends are held while ``announce_once`` is open."""

    def send(self, sender, **named):
        held = _held.get()
        if held is None:
            return super().send(sender, **named)
        key = (named["article"].pk, named["part"])
        if key in held:  # the state before the first change, after the last
            named["before"] = held[key][1]["before"]
        held[key] = (sender, named)
        return []


article_changed = ArticleChanged()


def announce_part(article, part):
    """Announce that one of ``article``'s parts changed (``part`` names it, as above)."""
    state = ArticleState.of(article)
    article_changed.send(type(article)._meta.concrete_model, article=article, before=state, after=state, part=part)


@contextmanager
def announce_once():
    """Hold ``article_changed`` in the block, then announce each article's changes once per part.

    Each held announcement carries the state before the block's first change of that part
    and after its last. Nothing is announced when the block raises (its writes roll back
    with the caller's transaction); a block inside another joins the outer one.
    """
    if _held.get() is not None:
        yield
        return
    held = {}
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
    for sender, named in held.values():
        article_changed.send(sender, **named)


# Readers see an article in these states from its publish time (``ArticleQuerySet.public``).
SEEN_BY_READERS = frozenset({"published", "scheduled"})


@dataclass(frozen=True)
class ArticleState:
    """Where an article stood at one moment: enough to say which pages and tallies it belonged to, and its address."""

    edition: str
    status: str
    publish_at: datetime | None
    deleted_at: datetime | None = None
    # What its public address is made of, besides the edition (``Article.get_absolute_url``).
    slug: str = ""
    section_id: int | None = None

    FIELDS = ("edition", "status", "publish_at", "deleted_at", "slug", "section_id")

    @classmethod
    def of(cls, article):
        return cls(*(getattr(article, field) for field in cls.FIELDS))

    @classmethod
    def stored(cls, model, pk):
        """What the database holds for article ``pk`` now; None when there is no such row."""
        row = model._base_manager.filter(pk=pk).values_list(*cls.FIELDS).first()
        return cls(*row) if row else None

    @property
    def seen_by_readers(self):
        """Public now or from its publish time: its pages, lists and tallies show it."""
        return self.status in SEEN_BY_READERS and self.deleted_at is None

    def is_public(self, now):
        """Readers can see it at ``now``: the question ``ArticleQuerySet.public`` asks, of this state."""
        return self.seen_by_readers and self.publish_at is not None and self.publish_at <= now


def states(before, after):
    """The states an event touches (one or two), for receivers that update where it was and where it is."""
    return [state for state in (before, after) if state is not None]
