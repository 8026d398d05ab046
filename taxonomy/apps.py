from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    """Sections and regions, named per edition, and the menus built from them."""

    name = "taxonomy"
    verbose_name = _("Sections and regions")

    def ready(self):
        from . import signals  # noqa: F401  (menus and pages forgotten on change)
