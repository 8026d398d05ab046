"""Admin widgets for pictures: thumbnails and the photo picker."""

from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

THUMBNAIL_SIZE = 80


def thumbnail_html(photo, size=THUMBNAIL_SIZE):
    if not photo or not photo.image:
        return "—"
    # Sized by admin/css/newsroom.css: no style attributes, which the CSP is meant to make unnecessary.
    return format_html(
        '<img src="{}" alt="{}" class="thumb thumb-{}" loading="lazy">', photo.image.url, photo.alt_text, size
    )


def focal_picker_html(photo):
    """The photo at preview size, where a click sets the focal point (``admin/js/focal_point.js``)."""
    if not photo or not photo.image:
        return "—"
    return format_html(
        '<div class="focal-picker" data-focal-picker>{}<span class="focal-marker" hidden></span></div>'
        '<div class="help">{}</div>',
        thumbnail_html(photo, size=480),
        _("Click the picture on what must stay in every crop: the focal point. Save to cut the crops again."),
    )


class PhotoPickerWidget(ForeignKeyRawIdWidget):
    """The raw-id photo field showing the chosen photo: thumbnail, caption and credit.

    The magnifier opens the photo library (thumbnails, search, filters) in a
    popup, so editors pick pictures by sight rather than by number; the card
    follows the choice (``admin/js/photo_picker.js`` asks ``card.json``). A
    picture dropped onto the picker is uploaded in place through the photo
    admin's own form (``upload.json``, ``media.picker``) and chosen.
    """

    template_name = "admin/widgets/photo_picker.html"

    class Media:
        js = ["admin/js/photo_picker.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        photo = None
        if value:
            photo = self.rel.model._default_manager.filter(pk=value).first()
        site = self.admin_site.name
        context.update(
            photo=photo,
            card_url=reverse(f"{site}:media_photo_card", args=[0]),
            upload_url=reverse(f"{site}:media_photo_upload"),
        )
        return context
