"""Translation in the admin: the article form offers "Translate into …" for each other edition.

The article admin is ``desk.admin.ArticleAdmin``; this app registers it again with the
translation view and buttons added, so ``articles`` knows nothing of translation.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from desk.admin import ArticleAdmin
from editions import edition_codes

from .desk_blocks import BEHIND_PARAMETER
from .models import TranslationSource
from .services import TranslationExists, slug_from_headline, translate_article, translation_targets


class TranslationFilter(admin.SimpleListFilter):
    """``?translation=behind``: translations whose source changed after the version they follow."""

    title = _("translation")
    parameter_name = BEHIND_PARAMETER

    def lookups(self, request, model_admin):
        return [("behind", _("Behind its original"))]

    def queryset(self, request, queryset):
        if self.value() == "behind":
            return queryset.filter(pk__in=TranslationSource.objects.behind().values("translation"))
        return queryset


class TranslatableArticleAdmin(ArticleAdmin):
    list_filter = [*ArticleAdmin.list_filter, TranslationFilter]

    def get_urls(self):
        return [
            path(
                "<int:object_id>/translate/<str:edition>/",
                self.admin_site.admin_view(self.translate_view),
                name="articles_article_translate",
            ),
            path(
                "<int:object_id>/translation/caught-up/",
                self.admin_site.admin_view(self.caught_up_view),
                name="articles_article_translation_caught_up",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        behind = TranslationSource.objects.behind().filter(translation=OuterRef("pk"))
        return super().get_queryset(request).annotate(source_behind=Exists(behind))

    @admin.display(description=_("headline"), ordering="headline")
    def headline_filed(self, obj):
        """A translation whose source changed since it last caught up says so in its row."""
        filed = super().headline_filed(obj)
        if not getattr(obj, "source_behind", False):
            return filed
        return format_html('{}<span class="row-flag">{}</span>', filed, _("Source updated since"))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The article the change view already loaded (not fetched again, and not on a save that redirects).
        if obj is not None:
            context["translation_targets"] = translation_targets(obj)
            followed = TranslationSource.objects.filter(translation=obj).select_related("source", "source_revision")
            source = followed.first()
            if source is not None and source.source_updated:
                context["source_update"] = {"source": source.source, "changes": source.source_changes()}
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def save_model(self, request, obj, form, change):
        # A translation's address follows its translated headline until it is out (unless typed by hand).
        if change and "headline" in form.changed_data and "slug" not in form.changed_data:
            obj.slug = slug_from_headline(obj)
        super().save_model(request, obj, form, change)

    def caught_up_view(self, request, object_id):
        """The translator has brought the translation up to the source's current version."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        followed = get_object_or_404(
            TranslationSource.objects.select_related("translation", "source"), translation_id=object_id
        )
        if not self.has_change_permission(request, followed.translation):
            raise PermissionDenied
        followed.follow(request.user)
        self.message_user(request, _("Marked as caught up with the source."), messages.SUCCESS)
        return redirect("admin:articles_article_change", object_id)

    def translate_view(self, request, object_id, edition):
        """Start the translation of an article into ``edition`` and open the new draft."""
        article = get_object_or_404(Article.objects.active(), pk=object_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if edition not in edition_codes() or edition == article.edition:
            raise Http404(_("No such edition to translate into."))
        if not (self.has_add_permission(request) and self.has_view_or_change_permission(request, article)):
            raise PermissionDenied
        try:
            draft = translate_article(article, edition, request.user)
        except TranslationExists as exists:
            self.message_user(request, _("This story already exists in that edition."), messages.WARNING)
            return redirect("admin:articles_article_change", exists.existing.pk)
        self.message_user(
            request,
            _("Translation draft created. Rewrite the headline and text, then send it for review."),
            messages.SUCCESS,
        )
        return redirect("admin:articles_article_change", draft.pk)


admin.site.unregister(Article)
admin.site.register(Article, TranslatableArticleAdmin)
