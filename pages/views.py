"""A fixed page, or the section whose address it would be: both live at ``/<edition>/<slug>/``."""

from django.shortcuts import render
from django.utils.translation import get_language

from articles.views import section_list
from editions.addresses import same_page_elsewhere

from .cached import pages_of


def page_or_section(request, slug):
    """The edition's page of that address, else the section's page (which is a 404 when there is none)."""
    page = pages_of(get_language()).get(slug)
    if page is None:
        return section_list(request, slug=slug)
    return render(request, "pages/page.html", {"page": page, "alternates": same_page_elsewhere(request)})
