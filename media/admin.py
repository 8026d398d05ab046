"""The media library in the admin: photos (checked on upload, picked by sight) and videos."""

from django.contrib import admin
from django.db import models
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import picker
from .images import PhotoUploadField
from .models import Photo, Video
from .widgets import focal_picker_html, thumbnail_html


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "caption", "credit", "dimensions", "created_at"]
    list_display_links = ["thumbnail", "caption"]
    search_fields = ["caption", "credit", "creator", "alt_text"]
    list_filter = ["credit", "created_at"]
    readonly_fields = ["preview", "dimensions", "uploaded_by", "created_at"]
    fields = [
        "image",
        "preview",
        "focal_x",
        "focal_y",
        "dimensions",
        "alt_text",
        "caption",
        "credit",
        "creator",
        "copyright",
        "uploaded_by",
        "created_at",
    ]
    list_per_page = 40
    # Content-sniffed format, size and pixel limits, with a specific message per refusal.
    formfield_overrides = {models.ImageField: {"form_class": PhotoUploadField}}

    class Media:
        css = {"all": ["admin/css/newsroom.css"]}
        js = ["admin/js/focal_point.js"]

    def get_fields(self, request, obj=None):
        """The focal point is set on the picture, so once there is one: a new upload starts centred."""
        fields = super().get_fields(request, obj)
        return fields if obj else [name for name in fields if name not in {"focal_x", "focal_y"}]

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        return thumbnail_html(obj)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return focal_picker_html(obj)

    @admin.display(description=_("size"))
    def dimensions(self, obj):
        return f"{obj.width}×{obj.height}" if obj.width else "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path(
                "picker.json",
                self.admin_site.admin_view(self.picker_json),
                name="media_photo_picker",
            ),
            path("upload.json", self.admin_site.admin_view(self.upload_json), name="media_photo_upload"),
            path("<int:object_id>/card.json", self.admin_site.admin_view(self.card_json), name="media_photo_card"),
            *super().get_urls(),
        ]

    def upload_json(self, request):
        return picker.upload_view(self, request)

    def card_json(self, request, object_id):
        return picker.card_view(self, request, object_id)

    def picker_json(self, request):
        """Recent library photos for the body editor's image dialog (TinyMCE ``image_list``)."""
        if not self.has_view_permission(request):
            return JsonResponse({"error": "forbidden"}, status=403)
        photos = Photo.objects.only("image", "caption", "alt_text", "credit")[:200]
        return JsonResponse(
            [
                {
                    "title": f"{p.caption[:60] or p.alt_text[:60]} ({p.credit})",
                    "value": p.image.url,
                }
                for p in photos
            ],
            safe=False,
        )


@admin.register(Video)
class VideoAdmin(admin.ModelAdmin):
    list_display = ["title", "duration", "embed_url", "created_at"]
    search_fields = ["title"]
    raw_id_fields = ["poster"]
