"""The article form's pickers offer the story's edition: its names of sections and regions, its authors.

The form labels the section and region choices in the story's edition (``ArticleAdminForm``) and
refuses bylines of another edition (``BylineFormSet``). When the edition select changes,
``admin/js/edition_pickers.js`` relabels the choices from ``terms.json`` and asks the author
search (``AuthorAdmin.get_search_results``) for that edition's authors only.
"""

from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext as _

from editions import edition_codes
from taxonomy.models import Region, Section


def labels_in(model, edition):
    """``{id: name in edition}`` for every section or region (the default name where the edition has none)."""
    return dict(model.objects.labelled(edition).values_list("pk", "label"))


class EditionPickersMixin:
    """The article admin's ``terms.json``: section and region names in an edition, for the form's pickers."""

    def get_urls(self):
        return [
            path("terms.json", self.admin_site.admin_view(self.terms_json), name="articles_article_terms"),
            *super().get_urls(),
        ]

    def terms_json(self, request):
        edition = request.GET.get("edition", "")
        if edition not in edition_codes():
            return JsonResponse({"error": _("Unknown edition.")}, status=400)
        return JsonResponse({"section": labels_in(Section, edition), "regions": labels_in(Region, edition)})
