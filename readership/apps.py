from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadershipConfig(AppConfig):
    """Share counts (``shares``); no models of its own: the totals live on ``Article.share_count``."""

    name = "readership"
    verbose_name = _("Readership")
