"""The search page's filters: narrow the matches by filing, people and dates, and choose the order."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from taxonomy.menus import menus_for, section_family

from .search import within_days


class FlatSelect(forms.Select):
    """A drop-down of plain options written by one template; Django's includes two more per option."""

    template_name = "discovery/widgets/select.html"


class ArticleSearchFilter(django_filters.FilterSet):
    """Filters over an edition's public articles; built with ``edition`` for the right labels and bylines.

    Tag and author are slugs rather than drop-downs: a newsroom has thousands of
    each, and the tag and author pages link here with the slug filled in.
    """

    SORT_RELEVANCE = "relevance"
    SORT_DATE = "date"

    # Choices come from the cached menus (set per edition in ``__init__``): no query per search.
    section = django_filters.ChoiceFilter(
        label=_("Section"), method="filter_section", empty_label=_("All sections"), widget=FlatSelect
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"), field_name="regions__slug", empty_label=_("All regions"), widget=FlatSelect
    )
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=Article.Kind.choices, empty_label=_("All types"), widget=FlatSelect
    )
    author = django_filters.CharFilter(label=_("Author"), method="filter_author", max_length=120)
    tag = django_filters.CharFilter(label=_("Tag"), field_name="tags__slug", max_length=100)
    published_after = django_filters.DateFilter(
        label=_("From"),
        method="filter_published_after",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    published_before = django_filters.DateFilter(
        label=_("Until"),
        method="filter_published_before",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[(SORT_RELEVANCE, _("Relevance")), (SORT_DATE, _("Newest first"))],
        empty_label=None,
        method="sort_by",
        widget=FlatSelect,
    )

    class Meta:
        model = Article
        fields = []

    def __init__(self, *args, edition, has_query, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.has_query = has_query
        menus = menus_for(edition)
        self.filters["section"].extra["choices"] = [
            (entry["slug"], entry["label"]) for top in menus["sections"] for entry in (top, *top["children"])
        ]
        self.filters["region"].extra["choices"] = [(region["slug"], region["label"]) for region in menus["regions"]]
        self.form.fields["sort"].required = False

    def filter_section(self, queryset, name, slug):
        # A top-level section covers its subsections, as on the section page.
        return queryset.filter(section__in=section_family(slug, self.edition))

    def filter_author(self, queryset, name, slug):
        return queryset.filter(authors__slug=slug, authors__edition=self.edition)

    # Days as the edition's readers count them, the dates results show.
    def filter_published_after(self, queryset, name, day):
        return within_days(queryset, self.edition, after=day)

    def filter_published_before(self, queryset, name, day):
        return within_days(queryset, self.edition, before=day)

    def sort_by(self, queryset, name, value):
        return queryset  # applied last, in ``ordered``, so it sees every other filter

    def published_between(self):
        """The (from, until) dates asked for, each None when not given or not valid."""
        dates = self.form.cleaned_data if self.is_valid() else {}
        return dates.get("published_after"), dates.get("published_before")

    def ordered(self, queryset):
        """Relevance needs words to rank by; without them, or on request, newest first."""
        sort = self.form.cleaned_data.get("sort") if self.is_valid() else None
        if self.has_query and sort != self.SORT_DATE:
            return queryset.order_by("-rank", "-publish_at", "-pk")
        return queryset.order_by("-publish_at", "-pk")
