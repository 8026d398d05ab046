"""Keep the cached tickers in step with the items and articles they show."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import Article

from .models import BreakingItem
from .ticker import invalidate


@receiver([post_save, post_delete], sender=BreakingItem)
def breaking_item_changed(sender, raw=False, **kwargs):
    # Every edition, not just the item's: an edit may have moved it to another one.
    if not raw:  # a restore clears the whole cache when done (ops.backup)
        invalidate()


@receiver([post_save, post_delete], sender=Article)
def article_changed(sender, instance, raw=False, **kwargs):
    # A linked article that is unpublished or moved must stop being a link at once.
    if not raw:
        invalidate([instance.edition])
