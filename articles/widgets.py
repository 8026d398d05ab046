from django.contrib.admin.widgets import ForeignKeyRawIdWidget


class PhotoPickerWidget(ForeignKeyRawIdWidget):
    """The raw-id photo field with a thumbnail of the chosen photo.

    The magnifier opens the photo library (thumbnails, search, filters) in a
    popup, so editors pick pictures by sight rather than by number.
    """

    template_name = "admin/widgets/photo_picker.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        photo = None
        if value:
            photo = self.rel.model._default_manager.filter(pk=value).first()
        context["photo"] = photo
        return context
