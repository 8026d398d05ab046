"""One path makes everything derived from a photo's file: renditions for pages, crops for social cards.

``ensure_derivatives`` runs when a photo is saved (``media.signals``) and from ``manage.py
make_derivatives``. Each kind is remade only when it was not cut from the photo's current file,
and the file is read at most once for all of them.
"""

from pathlib import PurePath

from django.db import transaction

from . import crops, renditions
from .images import open_upright

# (related name on Photo, the derivative's file field, its module); each module has is_current and make.
KINDS = (("renditions", "file", renditions), ("social_crops", "image", crops))


def ensure_derivatives(photo):
    """Make the photo's missing or outdated derivatives; return {related name: current derivatives}.

    A kind whose file cannot be read is returned empty (and logged by ``open_upright``).
    """
    if not photo.image:
        return {related: [] for related, _field, _kind in KINDS}
    found, source = {}, None
    for related, file_field, kind in KINDS:
        existing = list(getattr(photo, related).all())
        if kind.is_current(photo, existing):
            found[related] = existing
            continue
        source = source or open_upright(photo, "renditions or social crops")
        if source is None:
            found[related] = []
            continue
        with transaction.atomic():
            for old in existing:
                getattr(old, file_field).delete(save=False)
                old.delete()
            found[related] = kind.make(photo, source, PurePath(photo.image.name).stem[:60])
    return found
