"""The desk page's block of this app: translations whose original changed after the version they follow."""

from django.utils.translation import gettext_lazy as _

from desk.page import Block, Row, admin_list, change_url, register

from .models import TranslationSource

BEHIND_PARAMETER = "translation"


def behind(request, limit):
    followed = TranslationSource.objects.behind().filter(
        translation__deleted_at__isnull=True, source__deleted_at__isnull=True
    )
    followed = followed.select_related("translation", "source").only(
        "translation__headline", "translation__edition", "source__edition", "source__modified_at"
    )
    return [
        Row(
            link.translation.headline,
            change_url(link.translation),
            f"{link.source.edition.upper()} → {link.translation.edition.upper()}",
            link.source.modified_at,
        )
        for link in followed.order_by("-source__modified_at")[:limit]
    ]


def register_blocks():
    register(
        Block(
            key="translations_behind",
            title=_("Translations behind their original"),
            rows=behind,
            list_url=lambda request: admin_list("articles_article", **{BEHIND_PARAMETER: "behind"}),
            visible=lambda user: user.has_perm("articles.view_article"),
            empty=_("Every translation is up to date with its original."),
            order=80,
        )
    )
