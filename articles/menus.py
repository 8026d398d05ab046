"""The site's navigation (sections with subsections, regions), cached per edition.

Every public page shows the same menus, so they are built once per edition
and kept in the cache until an editor saves a section, region or one of
their names (``signals.menus_changed`` calls ``forget_menus``).
"""

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import override

from .editions import edition_codes
from .models import Region, Section

CACHE_SECONDS = 60 * 60 * 24


def cache_key(edition):
    return f"articles:menus:{edition}"


def build_menus(edition):
    """Plain dicts (label, slug, url, children) so the cached value stays small and safe."""
    sections = list(Section.objects.labelled(edition).order_by("position", "name"))
    regions = Region.objects.labelled(edition).order_by("position", "name")
    with override(edition):
        entries = {
            section.pk: {
                "id": section.pk,
                "label": section.label,
                "slug": section.slug,
                "url": reverse("articles:section", kwargs={"slug": section.slug}),
                "children": [],
            }
            for section in sections
        }
        top = []
        for section in sections:
            if section.parent_id is None:
                top.append(entries[section.pk])
            elif section.parent_id in entries:
                entries[section.parent_id]["children"].append(entries[section.pk])
        return {
            "sections": top,
            "regions": [
                {
                    "label": region.label,
                    "slug": region.slug,
                    "url": reverse("articles:region", kwargs={"slug": region.slug}),
                }
                for region in regions
            ],
        }


def menus_for(edition):
    menus = cache.get(cache_key(edition))
    if menus is None:
        menus = build_menus(edition)
        cache.set(cache_key(edition), menus, CACHE_SECONDS)
    return menus


def forget_menus():
    cache.delete_many([cache_key(code) for code in edition_codes()])
