from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LocalisationConfig(AppConfig):
    """Three editions of one newsroom: switching between them, their languages in the admin, Arabic text."""

    name = "localisation"
    verbose_name = _("Editions and languages")

    def ready(self):
        from . import desk_blocks, signals  # noqa: F401

        desk_blocks.register_blocks()
