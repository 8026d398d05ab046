"""Editorial operations that span several models: scheduled updates of live articles."""

from datetime import datetime

import reversion
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .models import SCHEDULABLE_FIELDS, Article, ScheduledUpdate

NEXT_UPDATE_CACHE_KEY = "articles:next-scheduled-update"
# Sentinel meaning "nothing is pending", so an idle site asks the database rarely.
NOTHING_PENDING = "none"
IDLE_RECHECK_SECONDS = 300


@transaction.atomic
def schedule_update(article, changes, apply_at, user=None, replacing=None):
    """Keep ``changes`` (field name -> value) aside until ``apply_at``.

    ``replacing`` is a pending update of the article being edited: the new one holds its changes
    with ``changes`` over them, less those the editor turned back to the live value, and takes
    its place.
    """
    unknown = {name.removesuffix("_id") for name in changes} - set(SCHEDULABLE_FIELDS)
    if unknown:
        raise ValueError(f"These fields cannot be scheduled: {', '.join(sorted(unknown))}")
    if replacing is not None:
        changes = {**replacing.changes, **changes}
        replacing.delete()
    update = ScheduledUpdate(article=article, apply_at=apply_at, changes=changes, created_by=user)
    update.changes = {
        field.attname: changes[field.attname]
        for field, value in update.new_values()
        if value != getattr(article, field.attname)
    }
    forget_next_update_time()
    if not update.changes:
        return None  # nothing left to change: the replaced update is simply gone
    update.save()
    return update


def cancel_update(update):
    """Drop a pending update: readers keep the live version."""
    ScheduledUpdate.objects.pending().filter(pk=update.pk).delete()
    forget_next_update_time()


def serialise_changes(form):
    """The schedulable fields an admin form changed, as JSON-safe values."""
    changes = {}
    for name in form.changed_data:
        if name not in SCHEDULABLE_FIELDS:
            continue
        value = form.cleaned_data[name]
        if name == "hero_photo":
            changes["hero_photo_id"] = value.pk if value else None
        elif hasattr(value, "isoformat"):
            changes[name] = value.isoformat()
        else:
            changes[name] = value
    return changes


def apply_due_updates(now=None):
    """Apply every scheduled update whose time has come; return how many."""
    now = now or timezone.now()
    applied = 0
    due = ScheduledUpdate.objects.pending().filter(apply_at__lte=now).select_related("created_by")
    for update in due:
        with transaction.atomic(), reversion.create_revision():
            # Claimed first: of two requests that both find it due, only one applies it.
            if not ScheduledUpdate.objects.filter(pk=update.pk, applied_at__isnull=True).update(applied_at=now):
                continue
            article = Article.objects.select_for_update().get(pk=update.article_id)
            for field, value in update.new_values():
                setattr(article, field.attname, value)
            article.save()
            reversion.set_user(update.created_by)
            reversion.set_comment(f"Scheduled update applied ({', '.join(update.changed_fields)})")
        applied += 1
    forget_next_update_time()
    return applied


def next_update_time():
    """The earliest pending update time, cached so most requests skip the database."""
    cached = cache.get(NEXT_UPDATE_CACHE_KEY)
    if cached is None:
        first = ScheduledUpdate.objects.pending().order_by("apply_at").values_list("apply_at", flat=True).first()
        cached = first.isoformat() if first else NOTHING_PENDING
        cache.set(NEXT_UPDATE_CACHE_KEY, cached, IDLE_RECHECK_SECONDS)
    return None if cached == NOTHING_PENDING else datetime.fromisoformat(cached)


def forget_next_update_time():
    cache.delete(NEXT_UPDATE_CACHE_KEY)


def apply_due_updates_if_any():
    due_at = next_update_time()
    if due_at is not None and due_at <= timezone.now():
        apply_due_updates()
