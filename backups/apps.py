from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """Backups and restores of the database and media (management commands only; no models)."""

    name = "backups"
    verbose_name = _("Backups")
