from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit log; listens to logins, the article workflow, the admin, permissions and the wire."""

    name = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers and registers the tracked models)
