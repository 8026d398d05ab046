from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """Metrics, readiness and error tracking; listens to the article and wire events."""

    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
