"""Query parameters of the article list. Invalid values give a 400 naming the parameter."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from taggit.models import Tag

from articles.models import Article, Author
from editions import edition_choices
from taxonomy.menus import section_family
from taxonomy.models import Region, Section


class IntegerFilter(django_filters.Filter):
    field_class = forms.IntegerField


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(django_filters.ModelChoiceFilter):
    """A related row named by its slug; an unknown slug is a 400, not an empty list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.ModelChoiceFilter):
    """A related row named by its id; an unknown id is a 400."""


# Parameters whose empty value means something (no search words); any other sent empty is a 400.
ALLOWS_EMPTY = {"q", "cursor"}


class EditionFilterSet(django_filters.FilterSet):
    """Base of the API's filter sets: ``?updated_since=`` is refused, not read as "no filter".

    django-filter skips empty values, so an empty date or slug was accepted although
    the OpenAPI document says date-time or a slug (``api.schema`` adds ``minLength``).
    """

    edition = django_filters.ChoiceFilter(choices=edition_choices(), help_text=_("Language edition: en, ar or es."))

    def is_valid(self):
        valid = super().is_valid()
        empty = [name for name in self.filters if name not in ALLOWS_EMPTY and self.data.get(name) == ""]
        for name in empty:
            self.form.add_error(name, _("Give a value or leave the parameter out."))
        return valid and not empty


class ArticleFilter(EditionFilterSet):
    section = SlugFilter(
        queryset=Section.objects.all(),
        method="filter_section",
        help_text=_("Section slug; a top-level section includes its subsections."),
    )
    region = SlugFilter(queryset=Region.objects.all(), field_name="regions", help_text=_("Region slug."))
    kind = django_filters.ChoiceFilter(choices=Article.Kind.choices)
    author = IdFilter(queryset=Author.objects.all(), field_name="authors", help_text=_("Author id."))
    tag = SlugFilter(queryset=Tag.objects.all(), field_name="tags", help_text=_("Tag slug."))
    slug = django_filters.CharFilter(help_text=_("The article's slug (unique within an edition)."))
    published_after = django_filters.IsoDateTimeFilter(
        field_name="publish_at", lookup_expr="gte", help_text=_("ISO 8601 date-time, inclusive.")
    )
    published_before = django_filters.IsoDateTimeFilter(
        field_name="publish_at", lookup_expr="lt", help_text=_("ISO 8601 date-time, exclusive.")
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="modified_at",
        lookup_expr="gte",
        help_text=_("ISO 8601 date-time: articles changed in any way since then (for syncing)."),
    )
    q = django_filters.CharFilter(
        method="filter_text", max_length=200, help_text=_("Words in the headline, standfirst or body.")
    )

    class Meta:
        model = Article
        fields = []

    def filter_section(self, queryset, name, section):
        return queryset.filter(section__in=section_family(section.slug, get_language()))

    def filter_text(self, queryset, name, text):
        for word in text.split()[:10]:
            queryset = queryset.filter(
                Q(headline__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
            )
        return queryset


class AuthorFilter(EditionFilterSet):
    class Meta:
        model = Author
        fields = []


class MostReadFilter(EditionFilterSet):
    days = IntegerFilter(
        method="filter_nothing", min_value=1, max_value=30, help_text=_("Period in days, 1 to 30 (default 1).")
    )

    class Meta:
        model = Article
        fields = []

    def filter_nothing(self, queryset, name, value):
        # Read by the view, which ranks by reads over this period.
        return queryset
