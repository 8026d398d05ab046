"""Forget the cached menus and pages when editors change a section, a region or one of their names."""

from django.db.models.signals import post_delete, post_save

from pagecache.registry import shown_on_pages

from .menus import forget_menus
from .models import Region, RegionLabel, Section, SectionLabel


def menus_changed(sender, raw=False, **kwargs):
    if not raw:  # a restore clears the whole cache when done (backups)
        forget_menus()


for model in (Section, SectionLabel, Region, RegionLabel):
    post_save.connect(menus_changed, sender=model, dispatch_uid=f"menus-save-{model.__name__}")
    post_delete.connect(menus_changed, sender=model, dispatch_uid=f"menus-delete-{model.__name__}")
    # Every page shows the menus; cards and breadcrumbs show the names.
    shown_on_pages(model)
