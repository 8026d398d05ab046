"""Filters of the article list that the desk page links to."""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from articles.models import Byline


def mine(queryset, user):
    """The stories ``user`` created or is bylined on (through their author record)."""
    bylined = Byline.objects.filter(article=OuterRef("pk"), author__user=user)
    return queryset.filter(Q(created_by=user) | Exists(bylined))


class MineFilter(admin.SimpleListFilter):
    """``?mine=1``: the stories of whoever is looking (created by them or under their byline)."""

    title = _("whose")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("Mine"))]

    def queryset(self, request, queryset):
        return mine(queryset, request.user) if self.value() == "1" else queryset
