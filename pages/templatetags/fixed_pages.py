from django import template
from django.utils.translation import get_language

from pages.cached import footer_links

register = template.Library()


@register.simple_tag
def footer_pages():
    """The current edition's fixed pages for the footer (cached: ``pages.cached``)."""
    return footer_links(get_language())
