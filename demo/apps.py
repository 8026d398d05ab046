from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo content for a fresh site (``manage.py seed_demo``): the top layer, it may use every app."""

    name = "demo"
    verbose_name = _("Demo content")
