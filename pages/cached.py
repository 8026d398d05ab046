"""An edition's fixed pages as the site shows them, cached per edition until one of them is saved or deleted.

Every public page has the footer and the pages are few, so all of an edition's pages are one cache
entry: the footer, a page and the section pages beside them (same addresses) cost no query.
"""

from django.core.cache import cache

from .models import FixedPage

CACHE_SECONDS = 60 * 60 * 24


def cache_key(edition):
    return f"pages:v1:{edition}"


def pages_of(edition):
    """{slug: {"title", "standfirst", "body", "url", "in_footer"}} of ``edition``, in footer order."""
    pages = cache.get(cache_key(edition))
    if pages is None:
        pages = {
            page.slug: {
                "title": page.title,
                "standfirst": page.standfirst,
                "body": page.body,
                "url": page.get_absolute_url(),
                "in_footer": page.in_footer,
            }
            for page in FixedPage.objects.in_edition(edition).order_by("position", "title")
        }
        cache.set(cache_key(edition), pages, CACHE_SECONDS)
    return pages


def footer_links(edition):
    return [page for page in pages_of(edition).values() if page["in_footer"]]


def forget(edition):
    cache.delete(cache_key(edition))
