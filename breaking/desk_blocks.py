"""The desk page's block of this app: the breaking news on the ticker now."""

from django.utils.translation import gettext_lazy as _

from desk.page import Block, Row, admin_list, change_url, register

from .models import BreakingItem


def live_items(request, limit):
    items = BreakingItem.objects.live().only("text", "edition", "posted_at")[:limit]
    return [Row(item.text, change_url(item), item.edition.upper(), item.posted_at) for item in items]


def register_blocks():
    register(
        Block(
            key="breaking_live",
            title=_("Breaking news on the ticker"),
            rows=live_items,
            list_url=lambda request: admin_list("breaking_breakingitem", state="live"),
            visible=lambda user: user.has_perm("breaking.view_breakingitem"),
            empty=_("No breaking news on the ticker."),
            order=50,
        )
    )
