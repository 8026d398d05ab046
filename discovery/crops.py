"""Social and rich-result crops of library photos (16:9, 4:3, 1:1), cut with Pillow once per upload.

Search engines pick among the three shapes for article cards; social networks
use the 16:9 one. Each is the largest centred box of its ratio inside the
photo, scaled down to at most ``MAX_WIDTH`` wide, never up.
"""

import io
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image

from articles.images import open_upright

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


def ensure_social_crops(photo):
    """Cut the photo's three crops unless they exist for its current file; return them."""
    if not photo.image:
        return []
    existing = list(photo.social_crops.all())
    if len(existing) == len(RATIOS) and all(crop.source_name == photo.image.name for crop in existing):
        return existing
    source = open_upright(photo, "social crops")
    if source is None:
        return []
    stem = PurePath(photo.image.name).stem[:60]
    made = []
    with transaction.atomic():
        for old in existing:
            old.image.delete(save=False)
            old.delete()
        for ratio, shape in RATIOS.items():
            data, (width, height) = cut(source, shape)
            crop = SocialCrop(photo=photo, ratio=ratio, source_name=photo.image.name)
            crop.image.save(f"{stem}-{ratio}.jpg", ContentFile(data), save=False)
            # Stored explicitly: pages read the sizes without opening the files.
            crop.width, crop.height = width, height
            crop.save()
            made.append(crop)
    return made
