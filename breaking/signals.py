"""Keep the cached tickers in step with the items and articles they show."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import Article

from .models import BreakingItem
from .ticker import invalidate


@receiver([post_save, post_delete], sender=BreakingItem)
def breaking_item_changed(sender, **kwargs):
    # Every edition, not just the item's: an edit may have moved it to another one.
    invalidate()


@receiver([post_save, post_delete], sender=Article)
def article_changed(sender, instance, **kwargs):
    # A linked article that is unpublished or moved must stop being a link at once.
    invalidate([instance.edition])
