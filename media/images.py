"""Checking and cleaning uploaded pictures before they reach the library.

Every picture, from the admin or from an agency's wire feed, goes through
``prepare_image``:

1. it is judged by its content, never its name: only JPEG, PNG, WebP, GIF (and
   AVIF where this Pillow reads it) pass; SVG, HTML and other files do not;
2. size and pixel limits are checked from the header before any decoding, so
   a small file that would inflate to gigabytes (a decompression bomb) is
   refused without being decoded;
3. files that are also something else (a picture with HTML, script, PHP, a
   ZIP or PDF inside: "polyglots") are refused, since a browser or another
   tool could read the other half;
4. the picture is decoded in full and written again: rotated upright from its
   EXIF orientation first, then saved without EXIF, XMP or comments, so no
   GPS position, camera serial or software trail of a source leaks out.

Refusals are ``ValidationError``s whose message tells the editor what to do.
"""

import io
import logging
import re
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError, features

logger = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000  # e.g. 8000 × 5000: more than any news photo needs
MAX_SIDE = 12_000
MAX_ANIMATION_PIXELS = 200_000_000  # all frames of an animated GIF or WebP together

# Pillow format name -> file extension we store it under.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
if features.check("avif"):
    FORMATS["AVIF"] = "avif"

# Content that makes a picture a polyglot. Long enough that compressed image
# data does not contain them by chance; XMP's "<?xpacket"/"<x:xmpmeta" are fine.
POLYGLOT_MARKERS = re.compile(
    rb"<script|<html|<body|<iframe|<svg[\s/>]|<\?php|<!doctype|<!entity|javascript:|%PDF-",
    re.IGNORECASE,
)
ZIP_LOCAL_HEADER, ZIP_END_RECORD = b"PK\x03\x04", b"PK\x05\x06"
MARKUP_START = re.compile(rb"^\s*(<\?xml|<svg|<!doctype|<html|<!--)", re.IGNORECASE)

SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {"optimize": False},
    "WEBP": {"quality": 90},
    "GIF": {},
    "AVIF": {"quality": 80},
}
# Image.info entries that are about pixels, not about the picture's history.
KEPT_INFO = {"icc_profile", "transparency", "duration", "loop", "background", "disposal"}


def allowed_formats_label():
    return ", ".join(name if name != "WEBP" else "WebP" for name in FORMATS)


@dataclass
class PreparedImage:
    data: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self):
        return FORMATS[self.format]

    def filename(self, original_name):
        """``original_name`` with the extension of what the file really is."""
        stem = PurePath(original_name or "photo").stem[:80] or "photo"
        return f"{stem}.{self.extension}"


def refuse(message, code, **params):
    raise ValidationError(message, code=code, params=params)


def inspect_image(data):
    """Format, width and height of picture bytes; ``ValidationError`` for anything we refuse."""
    if not data:
        refuse(_("The file is empty."), "empty")
    if len(data) > MAX_BYTES:
        refuse(
            _("The file is %(size)s MB; pictures may be at most %(limit)s MB."),
            "too_large",
            size=round(len(data) / 1024 / 1024, 1),
            limit=MAX_BYTES // 1024 // 1024,
        )
    if MARKUP_START.match(data[:512]):
        refuse(
            _("SVG, HTML and other markup files are not accepted; upload a JPEG, PNG, WebP or GIF."),
            "markup",
        )
    if POLYGLOT_MARKERS.search(data) or (ZIP_LOCAL_HEADER in data and ZIP_END_RECORD in data[-65_600:]):
        refuse(
            _(
                "This file is a picture with something else hidden in it (markup, script or an archive), "
                "so it was refused. Export the picture again from an image editor and upload that."
            ),
            "polyglot",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image_format, (width, height) = image.format, image.size
                frames = getattr(image, "n_frames", 1)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        refuse(_("The picture has too many pixels to be processed safely."), "too_many_pixels")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        refuse(
            _("This is not a picture we can read. Upload a %(formats)s file."),
            "not_an_image",
            formats=allowed_formats_label(),
        )
    if image_format not in FORMATS:
        refuse(
            _("%(format)s pictures are not accepted; upload a %(formats)s file."),
            "format",
            format=image_format,
            formats=allowed_formats_label(),
        )
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        refuse(
            _(
                "The picture is %(width)s × %(height)s pixels; the limit is %(limit)s megapixels "
                "and %(side)s pixels a side. Resize it and upload it again."
            ),
            "too_many_pixels",
            width=width,
            height=height,
            limit=MAX_PIXELS // 1_000_000,
            side=MAX_SIDE,
        )
    if width * height * frames > MAX_ANIMATION_PIXELS:
        refuse(_("The animation has too many frames for its size."), "too_many_frames")
    return image_format, width, height


def prepare_image(data):
    """Check picture bytes and return them re-encoded: upright, without metadata."""
    image_format, _width, _height = inspect_image(data)
    try:
        with Image.open(io.BytesIO(data)) as image:
            animated = getattr(image, "is_animated", False)
            if animated:
                image.load()
                clean = image
            else:
                clean = ImageOps.exif_transpose(image)
            clean.info = {key: value for key, value in image.info.items() if key in KEPT_INFO}
            buffer = io.BytesIO()
            options = dict(SAVE_OPTIONS[image_format])
            if image_format == "JPEG" and clean.mode not in {"RGB", "L", "CMYK"}:
                clean = clean.convert("RGB")
            if animated:
                options["save_all"] = True
            if "icc_profile" in clean.info:
                options["icc_profile"] = clean.info["icc_profile"]
            clean.save(buffer, image_format, **options)
            width, height = clean.size
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("The picture is damaged or incomplete and cannot be read. Export it again and upload that."),
            code="damaged",
        ) from exc
    return PreparedImage(buffer.getvalue(), image_format, width, height)


def read_upload(file):
    """All bytes of an uploaded or stored file, refusing oversized ones before reading them."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_BYTES:
        refuse(
            _("The file is %(size)s MB; pictures may be at most %(limit)s MB."),
            "too_large",
            size=round(size / 1024 / 1024, 1),
            limit=MAX_BYTES // 1024 // 1024,
        )
    file.seek(0)
    data = file.read(MAX_BYTES + 1)
    file.seek(0)
    return data


class PhotoUploadField(forms.ImageField):
    """The photo form field: our checks, with their specific messages, before Django's own."""

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        inspect_image(read_upload(upload))
        return super().to_python(data)


def open_upright(photo, purpose):
    """The photo's stored file as an upright RGB image, or None when it cannot be read.

    Renditions and social crops both start here, so they agree on orientation.
    """
    try:
        with photo.image.open("rb") as handle:
            source = Image.open(handle)
            source.load()
    except (OSError, UnidentifiedImageError):
        logger.warning("Photo %s: cannot read %s; no %s made", photo.pk, photo.image.name, purpose)
        return None
    return ImageOps.exif_transpose(source).convert("RGB")
