from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    """The whole-page cache. What invalidates it is declared by the apps that own the content (``registry``)."""

    name = "pagecache"
    verbose_name = _("Page cache")
