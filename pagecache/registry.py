"""What makes cached pages stale, declared by the apps that own the content.

``pagecache`` imports no other app's models. Each app says, in its ``AppConfig.ready``:

- which of its models readers' pages show (``shown_on_pages``), and how precisely. With ``keys``
  (the surrogate keys a row stands for, ``author-7``), every row loaded while a page is built adds
  them to the page (``shown``) and a save or delete renews them: only the pages that showed the
  row are rebuilt. Without, a save or delete renews every page of the editions it names (every
  edition unless told otherwise): for what every page shows, like the menus;
- when pages change with no write at all (``upcoming_changes``): a scheduled story going live, a
  breaking item expiring. The page cache asks for the next such moment per edition so no stored
  page outlives it (``generations.boundary``).

Apps with finer rules (an article's pages and the lists it joins) call
``generations.invalidate_keys`` from their own receivers instead.
"""

from django.db.models import Min
from django.db.models.signals import post_delete, post_init, post_save

from . import shown

_upcoming = []


def shown_on_pages(model, editions=None, keys=None, lists=None):
    """Renew the pages that show a row of ``model`` when it changes.

    ``keys(instance)``: the surrogate keys the row stands for, from its primary key and columns
    (it runs as rows load); pages that loaded it carry them. ``lists(instance)``: the keys of the
    lists it appears in, renewed with them (a new author on the authors' index). Without ``keys``,
    every page of ``editions(instance)`` (default: every edition) is renewed.
    """

    def changed(sender, instance, raw=False, **kwargs):
        if raw:  # a restore loading rows; it clears the whole cache when done (backups)
            return
        from .generations import invalidate, invalidate_keys

        if keys is not None:
            invalidate_keys([*keys(instance), *(lists(instance) if lists else ())])
            return
        chosen = editions(instance) if editions else None
        if chosen is None or chosen:
            invalidate(chosen)

    uid = f"pagecache-{model._meta.label_lower}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
    if keys is not None:
        shown_as(model, keys)


def shown_as(model, keys):
    """A row of ``model`` loaded while a page is built adds ``keys(instance)`` to the page (``shown``).

    Rows come through ``post_init``, so cards, bylines and blocks need not say what they show;
    rows read from another cache (unpickled, not initialised) say it themselves with ``shown.show``.
    """

    def loaded(sender, instance, **kwargs):
        if shown.active() and instance.pk is not None:
            shown.show(*keys(instance))

    post_init.connect(loaded, sender=model, weak=False, dispatch_uid=f"pagecache-{model._meta.label_lower}-shown")


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
