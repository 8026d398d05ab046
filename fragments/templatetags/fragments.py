"""``{% fragment "name" current=path %}…{% endfragment %}``: a part of the frame drawn once per edition.

For what every page of an edition draws alike from shared rows (the menus, the footer's links):
the body is rendered once, kept with the surrogate keys it showed plus its edition's (renewed
when a section, region or fixed page changes), and served from the cache while their tokens hold
(``fragments.shared``). Nothing in the body may depend on the page, the moment or the reader:
no CSRF token or CSP nonce, no ``request``, no ``{% now %}``, nothing that expires by time alone
(the ticker). One exception, marked afterwards: ``current``, the page's own address, gets
``aria-current="page"`` on the fragment's links to it (written ``<a href="…">``, nothing else in
the tag).
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pagecache import shown
from pagecache.generations import edition_key

from .. import shared

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name, current, nodelist):
        self.name, self.current, self.nodelist = name, current, nodelist

    def render(self, context):
        language = get_language()
        name = f"frame:{self.name.resolve(context)}:{language}"

        def draw(missing):
            with shown.collecting() as inner:
                html = self.nodelist.render(context)
            return {name: (str(html), {*inner.keys, edition_key(language)})}

        html = shared([name], draw, likely=[edition_key(language)])[name]
        current = self.current.resolve(context) if self.current is not None else None
        if current:
            link = f'<a href="{escape(current)}"'
            html = html.replace(f"{link}>", f'{link} aria-current="page">')
        return mark_safe(html)  # rendered by the template engine, escaped there


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) not in (2, 3) or (len(bits) == 3 and not bits[2].startswith("current=")):
        raise template.TemplateSyntaxError('Usage: {% fragment "name" [current=path] %}…{% endfragment %}')
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    current = parser.compile_filter(bits[2].removeprefix("current=")) if len(bits) == 3 else None
    return FragmentNode(parser.compile_filter(bits[1]), current, nodelist)
