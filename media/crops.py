"""Social and rich-result crops of library photos (16:9, 4:3, 1:1), cut with Pillow once per upload.

Search engines pick among the three shapes for article cards; social networks
use the 16:9 one. Each is the largest box of its ratio inside the photo,
centred on the photo's focal point as far as the edges allow, scaled down to
at most ``MAX_WIDTH`` wide, never up. Moving the focal point cuts them again.
"""

import io

from django.core.files.base import ContentFile
from PIL import Image

from .models import SocialCrop

MAX_WIDTH = 1200
JPEG_QUALITY = 85
RATIOS = {
    SocialCrop.Ratio.WIDE: (16, 9),
    SocialCrop.Ratio.STANDARD: (4, 3),
    SocialCrop.Ratio.SQUARE: (1, 1),
}


def centred_start(length, box, focus):
    """Where a ``box`` long window starts along ``length`` to centre ``focus`` (0–1), kept inside."""
    return min(max(round(focus * length - box / 2), 0), length - box)


def crop_box(width, height, ratio, focus=(0.5, 0.5)):
    """The largest (left, top, right, bottom) box of ``ratio`` inside width × height, centred on ``focus``."""
    ratio_w, ratio_h = ratio
    box_w = min(width, height * ratio_w // ratio_h)
    box_h = min(height, box_w * ratio_h // ratio_w)
    box_w = box_h * ratio_w // ratio_h or 1
    left = centred_start(width, box_w, focus[0])
    top = centred_start(height, box_h, focus[1])
    return left, top, left + box_w, top + box_h


def cut(source, ratio, focus=(0.5, 0.5)):
    """The crop as JPEG bytes, and its size."""
    cropped = source.crop(crop_box(*source.size, ratio, focus))
    if cropped.width > MAX_WIDTH:
        ratio_w, ratio_h = ratio
        cropped = cropped.resize((MAX_WIDTH, MAX_WIDTH * ratio_h // ratio_w), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    cropped.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue(), cropped.size


def is_current(photo, crops):
    """All three crops, cut from the photo's current file around its focal point (and with their sizes stored)."""
    return len(crops) == len(RATIOS) and all(
        c.source_name == photo.image.name and c.focus == photo.focus and c.width for c in crops
    )


def make(photo, source, stem):
    """Cut and store the three crops of ``source`` (the photo's upright image)."""
    made = []
    for ratio, shape in RATIOS.items():
        data, (width, height) = cut(source, shape, (photo.focal_x, photo.focal_y))
        crop = SocialCrop(photo=photo, ratio=ratio, source_name=photo.image.name, focus=photo.focus)
        crop.image.save(f"{stem}-{ratio}.jpg", ContentFile(data), save=False)
        # Stored explicitly: pages read the sizes without opening the files.
        crop.width, crop.height = width, height
        crop.save()
        made.append(crop)
    return made
