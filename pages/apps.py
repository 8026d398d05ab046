from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The fixed pages of each edition (About, Contact, Privacy…), written by editors in the admin."""

    name = "pages"
    verbose_name = _("Fixed pages")

    def ready(self):
        from . import signals  # noqa: F401  (the page cache and the footer's cached links)
