from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WireConfig(AppConfig):
    name = "wire"
    verbose_name = _("Wire ingest")

    def ready(self):
        from . import desk_blocks, schema, tasks  # noqa: F401  (the OpenAPI description of agency tokens; the periodic schedule)

        desk_blocks.register_blocks()
