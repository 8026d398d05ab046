"""The email briefings app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BriefingsConfig(AppConfig):
    name = "briefings"
    verbose_name = _("Email briefings")

    def ready(self):
        from . import tasks  # noqa: F401 - registers the periodic send
