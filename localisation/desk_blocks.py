"""The desk page's block of this app: translations whose original changed since they were last saved."""

from django.utils.translation import gettext_lazy as _

from desk.page import Block, Row, admin_list, change_url, register

from .models import TranslationLink

BEHIND_PARAMETER = "translation"


def behind(request, limit):
    links = TranslationLink.objects.behind().select_related("translation", "source")
    links = links.only(
        "source_changed_at", "translation__headline", "translation__edition", "source__edition", "source__id"
    ).order_by("-source_changed_at")
    return [
        Row(
            link.translation.headline,
            change_url(link.translation),
            f"{link.source.edition.upper()} → {link.translation.edition.upper()}",
            link.source_changed_at,
        )
        for link in links[:limit]
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
