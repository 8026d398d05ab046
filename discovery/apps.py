from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    """Search, feeds, sitemaps and structured data: how readers and machines find the news."""

    name = "discovery"
    verbose_name = _("Search and distribution")

    def ready(self):
        from articles import extensions

        from . import signals  # noqa: F401  (keeps the search index and social crops current)
        from .search import desk_matches

        extensions.desk_search(desk_matches)
