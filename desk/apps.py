from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The desk: the article admin editors and reporters work in, above the stories it edits, and its start page."""

    name = "desk"
    verbose_name = _("Desk")

    def ready(self):
        from . import tasks  # noqa: F401 - registers the pruning of old autosaved copies
        from .desk_blocks import register_blocks

        register_blocks()
        from . import preview_admin  # noqa: F401  (registers the preview links' admin)
