"""Checking uploaded video files by their content, as pictures are (``articles.images``).

A video is judged by its container's signature, never by its name or the browser's word:

- MP4 and QuickTime (MOV, M4V, 3GP): an ISO base media file opens with a ``ftyp`` box;
- WebM and Matroska: the EBML magic ``1A 45 DF A3`` and a ``webm`` or ``matroska`` document type;
- Ogg: the page signature ``OggS``.

Anything else (HTML, a picture, a script, an empty file, a name ending in ``.mp4`` over any of
those) is refused with a message that says what is accepted, and so is a file over
``NEWSROOM_VIDEO_MAX_MB``. An accepted file is stored under the extension of what it is,
so it is always served with a video content type, whatever it was called.
"""

import re
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEADER_BYTES = 64
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
# ``ftyp`` major brands of QuickTime; every other brand is an MP4 family file.
QUICKTIME_BRANDS = {b"qt  "}
FTYP_BRAND = re.compile(rb"^[\x20-\x7e]{4}$")


def container(header):
    """The container named by a file's first bytes: ``mp4``, ``mov``, ``webm``, ``mkv``, ``ogv`` or None."""
    if len(header) >= 12 and header[4:8] == b"ftyp" and int.from_bytes(header[:4], "big") >= 8:
        brand = header[8:12]
        if FTYP_BRAND.match(brand):
            return "mov" if brand in QUICKTIME_BRANDS else "mp4"
    if header.startswith(EBML_MAGIC):
        if b"webm" in header:
            return "webm"
        if b"matroska" in header:
            return "mkv"
    if header.startswith(b"OggS"):
        return "ogv"
    return None


def check_video_upload(field_file):
    """Refuse a new upload that is not a video container or is too large; name it by what it is.

    ``field_file`` is a model's ``FieldFile``; files already stored (not a new upload) pass
    unchecked. Raises ``ValidationError`` keyed by the field, for the form to show beside it.
    """
    if not field_file or getattr(field_file, "_committed", True):
        return
    limit = settings.NEWSROOM_VIDEO_MAX_MB * 1024 * 1024
    if field_file.size > limit:
        refuse(
            _("The file is %(size)s MB; video files may be at most %(limit)s MB."),
            "too_large",
            field_file.field.name,
            size=round(field_file.size / 1024 / 1024, 1),
            limit=settings.NEWSROOM_VIDEO_MAX_MB,
        )
    upload = field_file.file
    upload.seek(0)
    kind = container(upload.read(HEADER_BYTES))
    upload.seek(0)
    if kind is None:
        refuse(
            _("This file is not a video we accept. Upload an MP4, MOV, WebM, Matroska (MKV) or Ogg video."),
            "not_a_video",
            field_file.field.name,
        )
    field_file.name = str(PurePath(field_file.name).with_suffix(f".{kind}"))


def refuse(message, code, field, **params):
    raise ValidationError({field: ValidationError(message, code=code, params=params)})
