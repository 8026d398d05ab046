"""Keep the cached tickers and pages in step with the items and articles they show."""

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.events import article_changed, states
from editions import edition_codes
from pagecache.generations import invalidate_keys
from pagecache.registry import earliest, shown_as, upcoming_changes

from .models import BreakingItem
from .ticker import invalidate, item_key, ticker_key


@receiver([post_save, post_delete], sender=BreakingItem)
def breaking_item_changed(sender, instance, raw=False, **kwargs):
    # Every edition, not just the item's: an edit may have moved it to another one.
    if not raw:  # a restore clears the whole cache when done (backups)
        invalidate()
        # Pages that showed the item, wherever it was, and those that show its edition's ticker now
        # (every page of it); the times at which items expire may have moved in any edition.
        invalidate_keys([item_key(instance.pk), ticker_key(instance.edition)], edition_codes())


@receiver(article_changed)
def article_changed_(sender, article, before, after, part, **kwargs):
    # A linked article that is unpublished or moved must stop being a link at once; one that
    # readers never saw (a draft, before and after) was never a link.
    if part is None and any(state.seen_by_readers for state in states(before, after)):
        invalidate([article.edition])


# Pages that list items themselves (the live timeline, the API) carry the ticker's key too.
shown_as(BreakingItem, lambda item: [item_key(item.pk), ticker_key(item.edition)])


@upcoming_changes
def items_expiring(editions):
    return earliest(BreakingItem.objects.live().filter(edition__in=editions), F("edition"), "expires_at")
