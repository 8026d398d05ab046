"""Allow-list HTML sanitising for everything editors and agencies write.

Rich text is cleaned once, when it is saved, with nh3 (the Ammonia sanitiser):
only the tags and attributes below survive, links get ``rel="noopener
noreferrer"``, and embeds are limited to known video and social hosts.
"""

import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings

ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "em", "figcaption", "figure", "h2", "h3", "h4", "hr", "i",
    "iframe", "img", "li", "ol", "p", "s", "strong", "sub", "sup", "u", "ul",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "data-photo-id"},
    "iframe": {"src", "width", "height", "title", "allowfullscreen"},
    "blockquote": {"cite"},
    "p": {"dir"},
    "figure": {"data-photo-id"},
}

ALLOWED_CLASSES = {"blockquote": {"twitter-tweet", "instagram-media", "tiktok-embed"}, "figure": {"image", "embed"}}

# The hosts whose players an article may frame: the ones the Content-Security-Policy lets in.
EMBED_HOSTS = {urlsplit(origin).hostname for origin in settings.EMBED_ORIGINS}


# nh3 writes normalised HTML, so a frame left without ``src`` always looks like this.
EMPTY_IFRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.S)


def _is_embed_host(url):
    parts = urlsplit(url)
    return parts.scheme == "https" and parts.hostname in EMBED_HOSTS


def _is_own_media(url):
    return url.startswith(settings.MEDIA_URL) and ".." not in url


def _filter_attribute(tag, attribute, value):
    if tag == "iframe" and attribute == "src":
        return value if _is_embed_host(value) else None
    if tag == "img" and attribute == "src":
        # Only pictures from our own library: no tracking pixels, no data: URLs.
        return value if _is_own_media(value) else None
    if attribute in {"width", "height", "data-photo-id"}:
        return value if value.isdigit() and len(value) < 6 else None
    if attribute == "dir":
        return value if value in {"ltr", "rtl", "auto"} else None
    if attribute == "cite":
        # nh3 checks URL schemes of links and images only; a quote's source must be a web page.
        return value if urlsplit(value.strip()).scheme in {"http", "https"} else None
    return value


def sanitize_html(html):
    """Return ``html`` with everything outside the allow-list removed."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        attribute_filter=_filter_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    # An embed whose address was refused above is an empty frame: drop it.
    return EMPTY_IFRAME.sub("", cleaned)
