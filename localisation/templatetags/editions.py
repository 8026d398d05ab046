"""Template helpers for the editions: hreflang links and the edition switch."""

from django import template

from ..counterparts import hreflang_links, switch_target, switch_url

register = template.Library()


@register.simple_tag(takes_context=True)
def switch_edition_url(context, code):
    """The link of the Ar / Es / En switch: remembers the choice, then shows this page's counterpart."""
    return switch_url(switch_target(context, code), code)


@register.inclusion_tag("includes/hreflang.html", takes_context=True)
def hreflang(context):
    """``<link rel="alternate" hreflang>`` for this page's editions and x-default."""
    request = context.get("request")
    if request is None:
        return {"links": []}
    return {"links": hreflang_links(request, context.get("alternates"))}
