from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the site safely: security headers, health, a cache that survives Redis outages."""

    name = "ops"
    verbose_name = _("Operations")
