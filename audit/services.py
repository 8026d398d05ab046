"""Pruning: entries older than the retention period leave the log, and the pruning is itself logged."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .log import record
from .models import AuditEntry


def prune(days=None, now=None):
    """Remove entries older than ``days`` (default ``NEWSROOM_AUDIT_RETENTION_DAYS``); return how many."""
    days = settings.NEWSROOM_AUDIT_RETENTION_DAYS if days is None else days
    before = (now or timezone.now()) - timedelta(days=days)
    count = AuditEntry.objects.prune(before)
    record("pruned", actor_name="retention", message=f"{count} entries older than {days} days")
    return count
