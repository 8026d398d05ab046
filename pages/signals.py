"""A saved or deleted page renews its edition's cached pages (every page has the footer) and its cached pages."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from pagecache.registry import shown_on_pages

from . import cached
from .models import FixedPage

shown_on_pages(FixedPage, editions=lambda page: [page.edition])


@receiver([post_save, post_delete], sender=FixedPage)
def page_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        cached.forget(instance.edition)
