"""The same page in the other editions: for hreflang links and for the edition switch.

A view puts ``alternates`` (edition code -> address) in its context (the apps that own the pages
work them out: ``articles.views``, ``editions.addresses``): the pages that say the same thing in
another edition — a story's public translations, a
section, region or tag listing (shared across editions), the same person's
author page. Search engines get exactly those (``hreflang_links``). A reader who
switches edition where there is no counterpart lands on the nearest equivalent
instead (``switch_target``): the story's section, the authors' index, or home.
A page whose context has no ``alternates`` at all is taken to exist under the
same address in every edition.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, override

from editions import edition_codes


def switch_target(context, code):
    """Where the reader goes when choosing edition ``code`` on the page rendered with ``context``."""
    alternates = context.get("alternates")
    if alternates is None and context.get("request") is not None:
        # A page that names no counterparts (search, for one) exists under the same address everywhere.
        path = context["request"].path
        translated = translate_url(path, code)
        if translated != path:
            return translated
    if code in (alternates or {}):
        return alternates[code]
    with override(code):
        article = context.get("article")
        if article is not None and not context.get("is_preview"):
            return article.section.get_absolute_url()
        if context.get("author") is not None:
            return reverse("articles:authors")
        return reverse("articles:home")


def switch_url(target, code):
    """The address that records the choice of edition ``code`` and then shows ``target``."""
    return f"{reverse('localisation:switch', args=[code])}?{urlencode({'next': target})}"


def hreflang_links(request, alternates):
    """``(hreflang, absolute URL)`` pairs for a page with counterparts, itself and x-default included.

    x-default is the default language's version when there is one, else this page.
    Pages without counterparts get none: a lone self-reference says nothing.
    """
    if not alternates or request.GET.get("page", "1") != "1":
        # Later pages of a listing hold different stories in each edition: no counterparts.
        return []
    current = get_language()
    versions = {code: url for code, url in alternates.items() if code in edition_codes() and code != current}
    if not versions:
        return []
    versions[current] = request.path
    links = [(code, request.build_absolute_uri(versions[code])) for code in edition_codes() if code in versions]
    default = versions.get(settings.LANGUAGE_CODE, request.path)
    links.append(("x-default", request.build_absolute_uri(default)))
    return links
