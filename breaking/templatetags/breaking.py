"""The ticker on public pages, read from the same cached payload as the JSON endpoint."""

from django import template
from django.utils.translation import get_language

from ..ticker import get_ticker

register = template.Library()


@register.simple_tag
def breaking_ticker():
    """The current edition's ticker; costs one cache read when warm, no query."""
    return get_ticker(get_language())
