"""Template tags for the page head: ``{% page_seo as seo %}`` and ``{{ data|json_ld }}``."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..seo import page_metadata

register = template.Library()

# The characters that could end a <script> element or open an HTML comment inside it.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def page_seo(context):
    return page_metadata(context.flatten())


@register.filter
def json_ld(data):
    """``data`` as a JSON-LD script element, safe whatever the strings contain (``</script>`` included)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
