"""What monitoring hears from other apps: articles going public, wire items ingested."""

from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from articles.events import article_changed
from wire.events import item_ingested

from .metrics import INGEST

# How long a publication waits for its first reader before it is no longer measured.
VISIBLE_WAIT = timedelta(days=1)


def published_key(path):
    return f"monitoring:published:{path}"


@receiver(article_changed)
def note_publication(sender, article, before, after, part, **kwargs):
    """Remember when a story became due for readers; its first reader's request closes the measure."""
    if part is not None or after is None or not after.seen_by_readers:
        return
    if before is not None and before.seen_by_readers and before.publish_at == after.publish_at:
        return  # an edit of a live story, not a publication
    due = max(timezone.now(), after.publish_at or timezone.now())
    timeout = (due + VISIBLE_WAIT - timezone.now()).total_seconds()
    key = published_key(article.get_absolute_url())
    transaction.on_commit(lambda: cache.set(key, due.timestamp(), timeout))


@receiver(item_ingested)
def count_ingest(sender, source, outcome, **kwargs):
    INGEST.labels(source=source.slug if source else "unnamed", outcome=outcome.status).inc()
