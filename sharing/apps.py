from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    """Share counts (``shares``); no models of its own: the totals live on ``Article.share_count``."""

    name = "sharing"
    verbose_name = _("Shares")
