"""Filters of the article list: those the desk page links to, and names in the admin's language."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Exists, OuterRef
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Byline
from editions import get_edition
from taxonomy.models import Region


def mine(queryset, user):
    """The stories ``user`` created or is bylined on (through their author record).

    Asked as one set of ids (two index reads), not as a condition on every story: someone with few
    stories would otherwise have the whole archive read to find them.
    """
    created = Article.objects.filter(created_by=user).order_by().values("pk")
    bylined = Byline.objects.filter(author__user=user).order_by().values("article_id")
    return queryset.filter(pk__in=created.union(bylined))


class MineFilter(admin.SimpleListFilter):
    """``?mine=1``: the stories of whoever is looking (created by them or under their byline)."""

    title = _("whose")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("Mine"))]

    def queryset(self, request, queryset):
        return mine(queryset, request.user) if self.value() == "1" else queryset


def edition_names(model):
    """``(id, name)`` of every section or region, named in the admin language's edition, in its alphabetical order.

    An editor working in the Arabic admin reads the Arabic names (the default name where the
    edition has none).
    """
    edition = get_edition(get_language()).code
    labels = model.objects.labelled(edition).values_list("pk", "label")
    return sorted(labels, key=lambda choice: choice[1].casefold())


class SectionFilter(admin.RelatedFieldListFilter):
    """The section filter, its names in the admin's language (``edition_names``)."""

    def field_choices(self, field, request, model_admin):
        return edition_names(field.related_model)


class RegionFilter(admin.SimpleListFilter):
    """``?region=<id>``: the stories of a region, its names in the admin's language.

    Asked as ``EXISTS`` on the story's regions, not a join: a join makes the list ``DISTINCT`` over
    every column of every story, which reads the whole archive.
    """

    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return edition_names(Region)

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            raise IncorrectLookupParameters(_("Unknown region."))
        regions = Article.regions.through.objects.filter(article=OuterRef("pk"), region_id=int(value))
        return queryset.filter(Exists(regions))
