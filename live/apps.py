from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    """Live coverage. Adds to ``articles`` through its hooks (``articles.extensions``); nothing below imports it."""

    name = "live"
    verbose_name = _("Live coverage")

    def ready(self):
        from django.db.models import Exists, OuterRef

        from articles import extensions

        from . import desk_blocks, signals, views
        from .models import LiveStory

        signals.connect()
        desk_blocks.register_blocks()
        extensions.annotate("is_live_story", Exists(LiveStory.objects.filter(article=OuterRef("pk"))))
        extensions.annotate("is_live_now", Exists(LiveStory.objects.open().filter(article=OuterRef("pk"))))
        extensions.badge("is_live_now", "card-live", _("LIVE"))
        extensions.story_page("is_live_story", views.story_page, related=["live_story"])
