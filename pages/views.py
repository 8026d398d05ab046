"""A fixed page of the current edition (its address matched one: ``pages.urls``)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from editions.addresses import same_page_elsewhere
from pagecache import shown

from .cached import pages_of


def fixed_page(request, slug):
    page = pages_of(get_language()).get(slug)
    shown.lists()  # it lists no stories: a publish leaves it cached (its own edits renew the edition)
    if page is None:  # deleted since the address was matched
        raise Http404(slug)
    return render(request, "pages/page.html", {"page": page, "alternates": same_page_elsewhere(request)})
