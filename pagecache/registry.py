"""What makes cached pages stale, declared by the apps that own the content.

``pagecache`` imports no other app's models. Each app says, in its ``AppConfig.ready``:

- which of its models readers' pages show (``shown_on_pages``): a save or delete of one of their
  rows renews the generation of the editions it names (every edition unless told otherwise);
- when pages change with no write at all (``upcoming_changes``): a scheduled story going live, a
  breaking item expiring. The page cache asks for the next such moment per edition so no stored
  page outlives it (``generations.boundary``).

Apps with finer rules (an article's pages and its translations) call ``generations.invalidate``
from their own receivers instead.
"""

from django.db.models import Min
from django.db.models.signals import post_delete, post_save

_upcoming = []


def shown_on_pages(model, editions=None):
    """Renew the page cache of ``editions(instance)`` (default: every edition) when a row of ``model`` changes."""

    def changed(sender, instance, raw=False, **kwargs):
        if raw:  # a restore loading rows; it clears the whole cache when done (backups)
            return
        from .generations import invalidate

        chosen = editions(instance) if editions else None
        if chosen is None or chosen:
            invalidate(chosen)

    uid = f"pagecache-{model._meta.label_lower}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


def upcoming_changes(query):
    """Register ``query(editions)``: (edition code, moment) pairs when readers see a change by time alone.

    It returns a values-list queryset of two columns, so all of them are read in one query.
    """
    _upcoming.append(query)
    return query


def upcoming_queries(editions):
    return [query(editions) for query in _upcoming]


def earliest(queryset, edition, moment):
    """The earliest ``moment`` per ``edition`` in ``queryset``: the pairs ``upcoming_changes`` queries give."""
    grouped = queryset.order_by().values(code=edition).annotate(moment=Min(moment))
    return grouped.values_list("code", "moment")
