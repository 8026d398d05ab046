"""The site's navigation (sections with subsections, regions), cached per edition.

Every public page shows the same menus, so they are built once per edition
and kept in the cache until an editor saves a section, region or one of
their names (``taxonomy.signals`` calls ``forget_menus``). Within one
request they are read from the cache once: a page labels dozens of cards.
"""

from asgiref.local import Local
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.urls import reverse
from django.utils.translation import override

from editions import edition_codes

from .models import Region, Section

CACHE_SECONDS = 60 * 60 * 24

# The menus this request has read, by edition; only while a request is being served,
# so a long-running command never keeps a stale copy.
_this_request = Local()


def cache_key(edition):
    return f"taxonomy:menus:v2:{edition}"


def build_menus(edition):
    """Plain dicts (label, slug, url, children) so the cached value stays small and safe.

    ``labels`` maps every section's and region's slug to its name in the edition.
    """
    sections = list(Section.objects.labelled(edition).order_by("position", "name"))
    regions = list(Region.objects.labelled(edition).order_by("position", "name"))
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
            "labels": {
                "section": {section.slug: section.label for section in sections},
                "region": {region.slug: region.label for region in regions},
            },
        }


def menus_for(edition):
    copies = getattr(_this_request, "menus", None)
    if copies is not None and edition in copies:
        return copies[edition]
    menus = cache.get(cache_key(edition))
    if menus is None:
        menus = build_menus(edition)
        cache.set(cache_key(edition), menus, CACHE_SECONDS)
    if copies is not None:
        copies[edition] = menus
    return menus


def section_family(slug, edition):
    """Ids of the section with ``slug`` and, for a top-level one, of its subsections (no query).

    What a section's listing, feed and search filter cover. Matching ids rather
    than joining on the parent lets the listing read the section index in
    publish order.
    """
    for top in menus_for(edition)["sections"]:
        if top["slug"] == slug:
            return [top["id"], *(child["id"] for child in top["children"])]
        for child in top["children"]:
            if child["slug"] == slug:
                return [child["id"]]
    return []


def section_label(section, edition):
    """The section's name in ``edition``, from the menus (no query)."""
    return menus_for(edition)["labels"]["section"].get(section.slug, section.name)


def region_label(slug, edition):
    return menus_for(edition)["labels"]["region"].get(slug, slug)


def forget_menus():
    cache.delete_many([cache_key(code) for code in edition_codes()])
    if hasattr(_this_request, "menus"):
        _this_request.menus = {}


def _remember_this_request(**kwargs):
    _this_request.menus = {}


def _forget_this_request(**kwargs):
    if hasattr(_this_request, "menus"):
        del _this_request.menus


request_started.connect(_remember_this_request, dispatch_uid="articles.menus.request_started")
request_finished.connect(_forget_this_request, dispatch_uid="articles.menus.request_finished")
