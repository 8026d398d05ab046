"""Responsive renditions of library photos, made with Pillow once per size.

When a photo is saved, ``derivatives.ensure_derivatives`` has ``make`` write a WebP and a JPEG copy at
each of ``WIDTHS`` narrower than the original (never upscaling; a photo
narrower than the smallest width gets one copy at its own width). Pages then
serve them through ``<picture>``/``srcset`` from the prefetched
``photo.rendition_list``; no request ever resizes an image.
"""

import io
import re

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from PIL import Image

from .models import Photo, Rendition, prefetch_renditions

WIDTHS = (320, 640, 960, 1280, 1600)
FALLBACK_WIDTH = 960
QUALITY = {Rendition.Format.WEBP: 80, Rendition.Format.JPEG: 82}
PIL_FORMAT = {Rendition.Format.WEBP: "WEBP", Rendition.Format.JPEG: "JPEG"}


def target_widths(original_width):
    """The rendition widths for a photo ``original_width`` pixels wide."""
    widths = [width for width in WIDTHS if width < original_width]
    if original_width <= WIDTHS[-1]:
        widths.append(original_width)
    return widths or [WIDTHS[-1]]


def is_current(photo, renditions):
    return bool(renditions) and all(r.source_name == photo.image.name for r in renditions)


def make(photo, source, stem):
    """Resize ``source`` (the photo's upright image) to each width, in WebP and JPEG, and store the copies."""
    made = []
    for width in target_widths(source.width):
        height = max(1, round(source.height * width / source.width))
        resized = source if width == source.width else source.resize((width, height), Image.Resampling.LANCZOS)
        for fmt in (Rendition.Format.WEBP, Rendition.Format.JPEG):
            buffer = io.BytesIO()
            resized.save(buffer, PIL_FORMAT[fmt], quality=QUALITY[fmt], optimize=True)
            rendition = Rendition(photo=photo, width=width, height=height, format=fmt, source_name=photo.image.name)
            rendition.file.save(f"{stem}-{width}.{fmt}", ContentFile(buffer.getvalue()), save=False)
            rendition.save()
            made.append(rendition)
    return made


def srcset(renditions, fmt):
    return ", ".join(f"{r.file.url} {r.width}w" for r in renditions if r.format == fmt)


def focus_classes(photo):
    """Classes keeping the focal point in view where a page fills a box with the picture (``object-fit: cover``).

    Classes rather than a style attribute, which the public pages' CSP forbids; in steps of a
    tenth (``site.css`` has one rule per step). None for a centred point: that is the default.
    """
    x, y = round(photo.focal_x * 10) * 10, round(photo.focal_y * 10) * 10
    return "" if (x, y) == (50, 50) else f"focus-x{x} focus-y{y}"


def picture_html(photo, sizes="100vw", loading="lazy", css_class="", priority=False):
    """A ``<picture>`` with WebP and JPEG ``srcset`` from the photo's prefetched renditions.

    Built here rather than by a template: a page shows dozens of pictures.
    """
    renditions = photo.rendition_list
    jpegs = [r for r in renditions if r.format == Rendition.Format.JPEG]
    # Browsers without srcset get a middling size, not the largest.
    fallback = ([r for r in jpegs if r.width <= FALLBACK_WIDTH] or jpegs or [None])[-1]
    sources = format_html_join(
        "",
        '<source type="image/{}" srcset="{}" sizes="{}">',
        (
            (fmt, candidates, sizes)
            for fmt in (Rendition.Format.WEBP, Rendition.Format.JPEG)
            if (candidates := srcset(renditions, fmt))
        ),
    )
    focus = focus_classes(photo)
    return format_html(
        '<picture{}>{}<img{} src="{}" alt="{}" width="{}" height="{}"{} decoding="async"{}></picture>',
        format_html(' class="{}"', css_class) if css_class else "",
        sources,
        format_html(' class="{}"', focus) if focus else "",
        fallback.file.url if fallback else photo.image.url,
        photo.alt_text,
        fallback.width if fallback else photo.width,
        fallback.height if fallback else photo.height,
        mark_safe(' loading="lazy"') if loading == "lazy" else "",
        mark_safe(' fetchpriority="high"') if priority else "",
    )


# A picture the body editor placed: our own media file, sometimes tagged with its library id.
BODY_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
BODY_IMAGE_ID = re.compile(r'\bdata-photo-id="(\d+)"')
BODY_IMAGE_SRC = re.compile(r'\bsrc="([^"]+)"')
BODY_IMAGE_SIZES = "(min-width: 62rem) 46rem, 100vw"


def responsive_body(html):
    """``html`` with each library picture served as a ``<picture>`` of its renditions.

    Pictures are found by ``data-photo-id`` or by their file address, fetched
    in two queries however many there are, and rendered like every other
    photo on the site (WebP and JPEG ``srcset``, size set, lazy, library alt
    text). A picture that is no longer in the library is left as written.
    """
    tags = BODY_IMAGE.findall(html)
    if not tags:
        return html
    ids, names = set(), set()
    for tag in tags:
        if found := BODY_IMAGE_ID.search(tag):
            ids.add(int(found.group(1)))
        elif (found := BODY_IMAGE_SRC.search(tag)) and found.group(1).startswith(settings.MEDIA_URL):
            names.add(found.group(1).removeprefix(settings.MEDIA_URL))
    photos = list(Photo.objects.filter(Q(pk__in=ids) | Q(image__in=names)).prefetch_related(prefetch_renditions()))
    by_id = {photo.pk: photo for photo in photos}
    by_name = {photo.image.name: photo for photo in photos}

    def replace(match):
        tag = match.group(0)
        if found := BODY_IMAGE_ID.search(tag):
            photo = by_id.get(int(found.group(1)))
        else:
            found = BODY_IMAGE_SRC.search(tag)
            photo = by_name.get(found.group(1).removeprefix(settings.MEDIA_URL)) if found else None
        if photo is None:
            return tag.replace("<img ", '<img loading="lazy" decoding="async" ', 1)
        return picture_html(photo, sizes=BODY_IMAGE_SIZES)

    return BODY_IMAGE.sub(replace, html)
