"""Keep the cached tickers and pages in step with the items and articles they show."""

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.events import article_changed, states
from pagecache.registry import earliest, shown_on_pages, upcoming_changes

from .models import BreakingItem
from .ticker import invalidate


@receiver([post_save, post_delete], sender=BreakingItem)
def breaking_item_changed(sender, raw=False, **kwargs):
    # Every edition, not just the item's: an edit may have moved it to another one.
    if not raw:  # a restore clears the whole cache when done (backups)
        invalidate()


@receiver(article_changed)
def article_changed_(sender, article, before, after, part, **kwargs):
    # A linked article that is unpublished or moved must stop being a link at once; one that
    # readers never saw (a draft, before and after) was never a link.
    if part is None and any(state.seen_by_readers for state in states(before, after)):
        invalidate([article.edition])


# Every page shows the ticker.
shown_on_pages(BreakingItem)


@upcoming_changes
def items_expiring(editions):
    return earliest(BreakingItem.objects.live().filter(edition__in=editions), F("edition"), "expires_at")
