from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    """The whole-page cache. What invalidates it is declared by the apps that own the content (``registry``)."""

    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from . import checks, purging  # noqa: F401 (registers the purger's check and its receiver)
