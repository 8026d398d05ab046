"""The desk page's block of this app: the live stories still being covered."""

from django.utils.translation import gettext_lazy as _

from desk.page import Block, Row, admin_list, change_url, register

from .models import LiveStory


def open_stories(request, limit):
    stories = (
        LiveStory.objects.open().select_related("article").only("started_at", "article__headline", "article__edition")
    )
    return [
        Row(story.article.headline, change_url(story), story.article.edition.upper(), story.started_at)
        for story in stories.order_by("-started_at")[:limit]
    ]


def register_blocks():
    register(
        Block(
            key="live_open",
            title=_("Live stories open"),
            rows=open_stories,
            list_url=lambda request: admin_list("live_livestory", closed_at__isempty=1),
            visible=lambda user: user.has_perm("live.view_livestory"),
            empty=_("No live story is open."),
            order=60,
        )
    )
