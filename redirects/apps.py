from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedirectsConfig(AppConfig):
    """Old addresses that keep working: a story's address before it moved, and the editors' own redirects."""

    name = "redirects"
    verbose_name = _("Redirects")

    def ready(self):
        from . import signals  # noqa: F401  (records a published story's old address when it moves)
