"""The media library: photos with the words that travel with them, videos, and what is made from photos.

Renditions (sizes for pages) and social crops (shapes for cards) are derived from a photo's file
when it is saved (``derivatives``); nothing is resized per request. Uploads are checked and
cleaned by ``images`` before they are stored.

The tables keep the names they had when these models lived in ``articles`` and ``discovery``
(``db_table``), so moving them here changed no data.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ops.uploads import check_video_upload

from .images import inspect_image, prepare_image, read_upload
from .metadata import read_metadata


class Photo(models.Model):
    """A picture in the reusable library, with the words that travel with it."""

    image = models.ImageField(
        _("image"),
        upload_to="photos/%Y/%m/",
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=120, blank=True, help_text=_("Who owns it, e.g. “AP”."))
    creator = models.CharField(_("photographer"), max_length=200, blank=True)
    copyright = models.CharField(_("copyright"), max_length=300, blank=True)
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it. Required."),
    )
    # What must stay in the picture whatever shape it is cut to: crops are centred on it, pages
    # that fill a box with the picture (cards) keep it in view. Fractions of the width and height.
    focal_x = models.FloatField(
        _("focal point across"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Click the picture where its subject is. 0 is the left edge, 1 the right."),
    )
    focal_y = models.FloatField(
        _("focal point down"),
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 is the top edge, 1 the bottom."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        db_table = "articles_photo"
        ordering = ["-created_at"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption[:80] or self.alt_text[:80] or self.image.name

    def save(self, *args, **kwargs):
        """A new upload is stored as ``media.images`` prepares it: checked, upright, without metadata.

        Before the metadata goes, its caption, credit, photographer and copyright fill the fields
        left empty (``media.metadata``); what the writer typed is kept.
        """
        if self.has_new_upload:
            data = read_upload(self.image)
            prepared = prepare_image(data)
            self.fill_from_metadata(read_metadata(data))
            self.image = ContentFile(prepared.data, name=prepared.filename(self.image.name))
        super().save(*args, **kwargs)

    def fill_from_metadata(self, found):
        for field, value in found.items():
            if not getattr(self, field):
                setattr(self, field, value[: self._meta.get_field(field).max_length])

    def clean(self):
        if self.has_new_upload:
            try:
                inspect_image(read_upload(self.image))
            except ValidationError as error:
                raise ValidationError({"image": error}) from error

    @property
    def has_new_upload(self):
        return bool(self.image) and not self.image._committed

    @property
    def focus(self):
        """The focal point as it was cut for, as a short label crops record (``"0.300,0.700"``)."""
        return f"{self.focal_x:.3f},{self.focal_y:.3f}"

    @cached_property
    def rendition_list(self):
        """The renditions, narrowest first; ``prefetch_renditions`` fills this for many photos in one query."""
        return list(self.renditions.order_by("width", "format"))


class Video(models.Model):
    """A video: an embed from a video platform or an uploaded file, with a poster."""

    title = models.CharField(_("title"), max_length=200)
    embed_url = models.URLField(
        _("embed URL"),
        blank=True,
        help_text=_("The player address (https) from YouTube, Vimeo or similar."),
    )
    file = models.FileField(_("video file"), upload_to="videos/%Y/%m/", blank=True)
    duration = models.DurationField(_("duration"), null=True, blank=True, help_text=_("hh:mm:ss"))
    poster = models.ForeignKey(
        Photo,
        verbose_name=_("poster"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "articles_video"
        ordering = ["-created_at"]
        verbose_name = _("video")
        verbose_name_plural = _("videos")

    def __str__(self):
        return self.title

    def clean(self):
        check_video_upload(self.file)
        if not self.embed_url and not self.file:
            raise ValidationError(_("Give an embed URL or upload a video file."))
        if self.embed_url and not self.embed_url.startswith("https://"):
            raise ValidationError({"embed_url": _("Embed addresses must start with https://.")})


class Rendition(models.Model):
    """A resized copy of a library photo, made once when the photo is saved.

    Pages ask for these through ``srcset`` instead of resizing per request;
    ``media.derivatives`` makes them and the views prefetch them.
    """

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    format = models.CharField(max_length=4, choices=Format.choices)
    file = models.ImageField(upload_to="renditions/%Y/%m/")
    source_name = models.CharField(
        max_length=255,
        help_text="The photo file this was made from; a new upload makes new renditions.",
    )

    class Meta:
        db_table = "articles_rendition"
        ordering = ["format", "width"]
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(fields=["photo", "format", "width"], name="unique_rendition_size"),
        ]

    def __str__(self):
        return f"{self.photo_id} {self.width}w {self.format}"


class SocialCrop(models.Model):
    """A photo cut to one of the shapes search engines and social networks ask for.

    Google's article rich results want 16:9, 4:3 and 1:1 images; they are cut
    around the photo's focal point once, when it is saved, and never upscaled.
    """

    class Ratio(models.TextChoices):
        WIDE = "16x9", "16:9"
        STANDARD = "4x3", "4:3"
        SQUARE = "1x1", "1:1"

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="social_crops")
    ratio = models.CharField(max_length=4, choices=Ratio.choices)
    image = models.ImageField(upload_to="photos/crops/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(null=True)
    height = models.PositiveIntegerField(null=True)
    source_name = models.CharField(
        max_length=255,
        help_text="The photo file this was cut from; a new upload makes new crops.",
    )
    focus = models.CharField(
        max_length=20, blank=True, help_text="The photo's focal point this was cut around; moving it makes new crops."
    )

    class Meta:
        db_table = "discovery_socialcrop"
        ordering = ["photo", "ratio"]
        verbose_name = _("social crop")
        verbose_name_plural = _("social crops")
        constraints = [models.UniqueConstraint(fields=["photo", "ratio"], name="unique_social_crop_ratio")]

    def __str__(self):
        return f"{self.photo_id} {self.get_ratio_display()}"


def prefetch_renditions(photo_path=""):
    """Prefetch the renditions of the photos at ``photo_path`` (``"hero_photo"``; none for photos themselves).

    They land in ``photo.rendition_list``, narrowest first.
    """
    return models.Prefetch(
        f"{photo_path}__renditions" if photo_path else "renditions",
        queryset=Rendition.objects.order_by("width", "format"),
        to_attr="rendition_list",
    )


def prefetch_renditions_of(photos):
    """The renditions of all these photos (``None`` skipped) in one query, into each one's ``rendition_list``.

    For a page whose pictures arrive by different paths (the story's own, its cards'): one query
    for all of them rather than one per path. The same photo may come as several instances.
    """
    models.prefetch_related_objects([photo for photo in photos if photo is not None], prefetch_renditions())
