"""Keep cached derived values in step with the content they come from."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import Article, ScheduledUpdate
from .services import forget_next_update_time


@receiver(pre_save, sender=Article)
def remember_stored_state(sender, instance, raw=False, **kwargs):
    """Before a save, keep what the database held: ``stored_state`` is (edition, status, publish_at) or None.

    The caches and tallies that follow an article (``pagecache``, the sitemap months) update both
    where it was and where it is now.
    """
    instance.stored_state = None
    if instance.pk and not raw:
        instance.stored_state = (
            Article.objects.filter(pk=instance.pk).values_list("edition", "status", "publish_at").first()
        )


@receiver([post_save, post_delete], sender=ScheduledUpdate)
def scheduled_updates_changed(sender, **kwargs):
    forget_next_update_time()


@receiver(post_save, sender="articles.Photo")
def photo_saved(sender, instance, raw=False, **kwargs):
    """Make the photo's renditions once, when it is saved, not when a page asks."""
    if raw:
        return
    from .renditions import ensure_renditions

    ensure_renditions(instance)


@receiver([post_save, post_delete], sender="articles.Section")
@receiver([post_save, post_delete], sender="articles.SectionLabel")
@receiver([post_save, post_delete], sender="articles.Region")
@receiver([post_save, post_delete], sender="articles.RegionLabel")
def menus_changed(sender, raw=False, **kwargs):
    from .menus import forget_menus

    if not raw:  # a restore clears the whole cache when done (ops.backup)
        forget_menus()
