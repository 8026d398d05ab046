"""Make a photo's derivatives when it is saved, and tell the page cache which pages pictures change."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from pagecache.registry import shown_on_pages

from .derivatives import ensure_derivatives
from .models import Photo, Rendition, Video


@receiver(post_save, sender=Photo)
def photo_saved(sender, instance, raw=False, **kwargs):
    """Make the photo's renditions and crops once, when it is saved, not when a page asks."""
    if not raw:
        ensure_derivatives(instance)


# A picture can be on any edition's pages (cards, bylines, bodies): the pages that loaded it carry its key.
shown_on_pages(Photo, keys=lambda photo: [f"photo-{photo.pk}"])
shown_on_pages(Rendition, keys=lambda rendition: [f"photo-{rendition.photo_id}"])
shown_on_pages(Video, keys=lambda video: [f"video-{video.pk}"])
