"""The desk page's block of this app: what the agencies sent today, newest first."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from desk.page import Block, Row, admin_list, change_url, register

from .models import WireItem


def today_start():
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def new_items(request, limit):
    items = WireItem.objects.filter(received_at__gte=today_start()).select_related("source")
    items = items.only("headline", "identity", "received_at", "source__name").order_by("-received_at")
    return [
        Row(item.headline or item.identity, change_url(item), item.source.name if item.source else "", item.received_at)
        for item in items[:limit]
    ]


def inbox_today(request):
    """The wire inbox on today's date (its date hierarchy)."""
    day = today_start()
    return admin_list(
        "wire_wireitem", received_at__year=day.year, received_at__month=day.month, received_at__day=day.day
    )


def register_blocks():
    register(
        Block(
            key="wire_new",
            title=_("New on the wire today"),
            rows=new_items,
            list_url=inbox_today,
            visible=lambda user: user.has_perm("wire.view_wireitem"),
            empty=_("Nothing from the agencies today yet."),
            order=70,
        )
    )
