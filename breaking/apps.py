from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BreakingConfig(AppConfig):
    name = "breaking"
    verbose_name = _("Breaking news")

    def ready(self):
        from . import desk_blocks, signals  # noqa: F401  (signals: connects ticker cache invalidation)

        desk_blocks.register_blocks()
