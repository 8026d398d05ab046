"""Social and rich-result crops of library photos (16:9, 4:3, 1:1), cut with Pillow once per upload.

Search engines pick among the three shapes for article cards; social networks
use the 16:9 one. Each is the largest centred box of its ratio inside the
photo, scaled down to at most ``MAX_WIDTH`` wide, never up.
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


def crop_box(width, height, ratio):
    """The largest centred (left, top, right, bottom) box of ``ratio`` inside width × height."""
    ratio_w, ratio_h = ratio
    box_w = min(width, height * ratio_w // ratio_h)
    box_h = min(height, box_w * ratio_h // ratio_w)
    box_w = box_h * ratio_w // ratio_h or 1
    left = (width - box_w) // 2
    top = (height - box_h) // 2
    return left, top, left + box_w, top + box_h


def cut(source, ratio):
    """The crop as JPEG bytes, and its size."""
    cropped = source.crop(crop_box(*source.size, ratio))
    if cropped.width > MAX_WIDTH:
        ratio_w, ratio_h = ratio
        cropped = cropped.resize((MAX_WIDTH, MAX_WIDTH * ratio_h // ratio_w), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    cropped.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue(), cropped.size


def is_current(photo, crops):
    """All three crops, cut from the photo's current file (crops from before sizes were stored are not)."""
    return len(crops) == len(RATIOS) and all(c.source_name == photo.image.name and c.width for c in crops)


def make(photo, source, stem):
    """Cut and store the three crops of ``source`` (the photo's upright image)."""
    made = []
    for ratio, shape in RATIOS.items():
        data, (width, height) = cut(source, shape)
        crop = SocialCrop(photo=photo, ratio=ratio, source_name=photo.image.name)
        crop.image.save(f"{stem}-{ratio}.jpg", ContentFile(data), save=False)
        # Stored explicitly: pages read the sizes without opening the files.
        crop.width, crop.height = width, height
        crop.save()
        made.append(crop)
    return made
