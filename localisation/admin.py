"""Translation in the admin: the article form offers "Translate into …" for each other edition.

The article admin is ``desk.admin.ArticleAdmin``; this app registers it again with the
translation view and buttons added, so ``articles`` knows nothing of translation.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from desk.admin import ArticleAdmin
from editions import edition_codes

from .desk_blocks import BEHIND_PARAMETER
from .models import TranslationLink
from .services import TranslationExists, translate_article, translation_targets


class TranslationFilter(admin.SimpleListFilter):
    """``?translation=behind``: translations whose original's text changed since they were last saved."""

    title = _("translation")
    parameter_name = BEHIND_PARAMETER

    def lookups(self, request, model_admin):
        return [("behind", _("Behind its original"))]

    def queryset(self, request, queryset):
        if self.value() == "behind":
            return queryset.filter(pk__in=TranslationLink.objects.behind().values("translation"))
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
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The article the change view already loaded (not fetched again, and not on a save that redirects).
        if obj is not None:
            context["translation_targets"] = translation_targets(obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

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
