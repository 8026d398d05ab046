from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    """The media library: photos, videos, and the renditions and crops made from photos."""

    name = "media"
    verbose_name = _("Media library")

    def ready(self):
        from . import signals  # noqa: F401  (derivatives on save; what the page cache forgets)
