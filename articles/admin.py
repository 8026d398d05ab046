"""The editors' workspace: the Django admin, with the newsroom's workflow rules.

Permissions are enforced here server-side (querysets, object permissions,
form validation and actions), not by hiding buttons.
"""

import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from reversion_compare.admin import CompareVersionAdmin
from taggit.models import Tag

from editions import edition_codes
from localisation.services import TranslationExists, translate_article, translation_targets

from . import services
from .forms import ArticleAdminForm
from .images import PhotoUploadField
from .models import (
    Article,
    Author,
    Byline,
    Correction,
    GalleryItem,
    Photo,
    Region,
    RegionLabel,
    ScheduledUpdate,
    Section,
    SectionLabel,
    Source,
    TrashedArticle,
    Video,
)
from .widgets import PhotoPickerWidget

THUMBNAIL_SIZE = 80


def thumbnail_html(photo, size=THUMBNAIL_SIZE):
    if not photo or not photo.image:
        return "—"
    # Sized by admin/css/newsroom.css: no style attributes, which the CSP is meant to make unnecessary.
    return format_html(
        '<img src="{}" alt="{}" class="thumb thumb-{}" loading="lazy">', photo.image.url, photo.alt_text, size
    )


def can_publish(user):
    return user.has_perm("articles.publish_article")


# --- Taxonomy -------------------------------------------------------------------------


class SectionLabelInline(admin.TabularInline):
    model = SectionLabel
    extra = 0


class RegionLabelInline(admin.TabularInline):
    model = RegionLabel
    extra = 0


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug", "position"]
    list_editable = ["position"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug", "labels__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SectionLabelInline]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug", "labels__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RegionLabelInline]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "is_organisation", "user"]
    list_filter = ["edition", "is_organisation"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["photo"]
    autocomplete_fields = ["user"]


# --- Media library ----------------------------------------------------------------------


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "caption", "credit", "dimensions", "created_at"]
    list_display_links = ["thumbnail", "caption"]
    search_fields = ["caption", "credit", "alt_text"]
    list_filter = ["credit", "created_at"]
    readonly_fields = ["preview", "dimensions", "uploaded_by", "created_at"]
    fields = [
        "image",
        "preview",
        "dimensions",
        "alt_text",
        "caption",
        "credit",
        "uploaded_by",
        "created_at",
    ]
    list_per_page = 40
    # Content-sniffed format, size and pixel limits, with a specific message per refusal.
    formfield_overrides = {models.ImageField: {"form_class": PhotoUploadField}}

    class Media:
        css = {"all": ["admin/css/newsroom.css"]}

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        return thumbnail_html(obj)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return thumbnail_html(obj, size=480)

    @admin.display(description=_("size"))
    def dimensions(self, obj):
        return f"{obj.width}×{obj.height}" if obj.width else "—"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path(
                "picker.json",
                self.admin_site.admin_view(self.picker_json),
                name="articles_photo_picker",
            ),
            *super().get_urls(),
        ]

    def picker_json(self, request):
        """Recent library photos for the body editor's image dialog (TinyMCE ``image_list``)."""
        if not self.has_view_permission(request):
            return JsonResponse({"error": "forbidden"}, status=403)
        photos = Photo.objects.only("image", "caption", "alt_text", "credit")[:200]
        return JsonResponse(
            [
                {
                    "title": f"{p.caption[:60] or p.alt_text[:60]} ({p.credit})",
                    "value": p.image.url,
                }
                for p in photos
            ],
            safe=False,
        )


@admin.register(Video)
class VideoAdmin(admin.ModelAdmin):
    list_display = ["title", "duration", "embed_url", "created_at"]
    search_fields = ["title"]
    raw_id_fields = ["poster"]


# --- Articles ---------------------------------------------------------------------------


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    min_num = 1
    autocomplete_fields = ["author"]
    verbose_name = _("author")
    verbose_name_plural = _("byline (in order)")


class GalleryItemInline(admin.TabularInline):
    model = GalleryItem
    extra = 0
    fields = ["position", "thumbnail", "photo", "caption"]
    readonly_fields = ["thumbnail"]
    raw_id_fields = ["photo"]
    ordering = ["position"]
    classes = ["collapse"]

    @admin.display(description=_("photo"))
    def thumbnail(self, obj):
        return thumbnail_html(obj.photo) if obj.photo_id else "—"


class CorrectionInline(admin.TabularInline):
    """Corrections and update notes readers see under the headline, oldest first."""

    model = Correction
    extra = 0
    fields = ["created_at", "kind", "text"]
    verbose_name_plural = _("corrections and updates (shown under the headline)")


class ScheduledUpdateInline(admin.TabularInline):
    model = ScheduledUpdate
    extra = 0
    fields = ["apply_at", "changes_listed", "scheduled_by", "applied"]
    readonly_fields = ["changes_listed", "scheduled_by", "applied"]
    can_delete = True
    verbose_name_plural = _("scheduled updates (delete one to cancel it)")

    def has_add_permission(self, request, obj):
        return False

    # Column headings in the editor's language (the model's own fields carry none).
    @admin.display(description=_("changed fields"))
    def changes_listed(self, obj):
        return ", ".join(obj.changed_fields)

    @admin.display(description=_("scheduled by"))
    def scheduled_by(self, obj):
        return obj.created_by or "—"

    @admin.display(description=_("applied at"))
    def applied(self, obj):
        return obj.applied_at or "—"


# Inlines other apps show on the article page (the wire's agency items), appended from their admin modules.
EXTRA_INLINES = []


@admin.register(Article)
class ArticleAdmin(CompareVersionAdmin):
    form = ArticleAdminForm
    list_display = [
        "headline",
        "edition",
        "status_badge",
        "section",
        "byline",
        "publish_at",
        "in_editions",
    ]
    list_filter = [
        "status",
        "edition",
        "kind",
        ("section", admin.RelatedOnlyFieldListFilter),
        "regions",
        ("authors", admin.RelatedOnlyFieldListFilter),
        "publish_at",
    ]
    search_fields = ["headline", "standfirst", "slug", "authors__name"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "regions", "source", "related", "video"]
    raw_id_fields = ["hero_photo"]
    readonly_fields = [
        "read_minutes",
        "share_count",
        "created_by",
        "created_at",
        "modified_at",
    ]
    inlines = [BylineInline, GalleryItemInline, CorrectionInline, ScheduledUpdateInline]
    actions = ["submit_for_review", "publish_now", "unpublish", "move_to_trash"]
    list_per_page = 50
    save_on_top = True
    # Tag changes show up through the followed ArticleTag rows ("tagged items").
    compare_exclude = ["tags", "version"]
    fieldsets = [
        (
            None,
            {"fields": ["edition", "kind", "headline", "slug", "standfirst", "body"]},
        ),
        (_("Photo and media"), {"fields": ["hero_photo", "video"]}),
        (
            _("Filing"),
            {
                "fields": [
                    "section",
                    "regions",
                    "source",
                    "tags",
                    "related",
                    "summary_points",
                ]
            },
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "publish_at",
                    "updated_at",
                    "schedule_changes_at",
                    "loaded_version",
                ]
            },
        ),
        (
            _("Details"),
            {
                "classes": ["collapse"],
                "fields": [
                    "translation_group",
                    "read_minutes",
                    "share_count",
                    "created_by",
                    "created_at",
                    "modified_at",
                ],
            },
        ),
    ]

    class Media:
        js = ["admin/js/tag_autocomplete.js"]
        css = {"all": ["admin/css/newsroom.css"]}

    # Listing ------------------------------------------------------------------------

    def get_inlines(self, request, obj):
        return [*self.inlines, *EXTRA_INLINES]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .active()
            .select_related("section")
            .with_bylines()
            # Which editions the story exists in, for the list's "editions" column.
            .annotate(
                **{
                    f"in_{code}": Exists(
                        Article.objects.active().filter(translation_group=OuterRef("translation_group"), edition=code)
                    )
                    for code in edition_codes()
                }
            )
        )

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        label = obj.get_status_display()
        if obj.status == Article.Status.SCHEDULED and obj.is_public:
            label = _("Published (was scheduled)")
        return format_html('<span class="status status-{}">{}</span>', obj.status, label)

    @admin.display(description=_("byline"))
    def byline(self, obj):
        return obj.byline_names

    @admin.display(description=_("editions"))
    def in_editions(self, obj):
        codes = [code for code in edition_codes() if getattr(obj, f"in_{code}", code == obj.edition)]
        return format_html_join(" ", '<span class="edition-code">{}</span>', ((c,) for c in sorted(codes)))

    # Permissions ----------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or can_publish(request.user):
            return True
        return obj.created_by_id == request.user.pk and obj.status == Article.Status.DRAFT

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        if obj is None or can_publish(request.user):
            return True
        return obj.created_by_id == request.user.pk and obj.status == Article.Status.DRAFT

    def has_publish_permission(self, request):
        return can_publish(request.user)

    # Deleting moves to the trash (see TrashedArticleAdmin) -----------------------------

    def delete_model(self, request, obj):
        obj.move_to_trash(request.user)

    def get_deleted_objects(self, objs, request):
        """Nothing is deleted, so nothing related needs a delete permission."""
        return [str(obj) for obj in objs], {Article._meta.verbose_name_plural: len(objs)}, set(), []

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Its confirmation page promises a permanent delete; move_to_trash says what happens.
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Move selected articles to the trash"), permissions=["delete"])
    def move_to_trash(self, request, queryset):
        if not can_publish(request.user):
            queryset = queryset.filter(created_by=request.user, status=Article.Status.DRAFT)
        count = 0
        for article in queryset:
            article.move_to_trash(request.user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%d article moved to the trash; editors can restore it from there.",
                "%d articles moved to the trash; editors can restore them from there.",
                count,
            )
            % count,
        )

    def get_changeform_initial_data(self, request):
        """New articles start in the edition of the editor's admin language."""
        initial = super().get_changeform_initial_data(request)
        language = get_language()
        initial.setdefault("edition", language if language in edition_codes() else settings.LANGUAGE_CODE)
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "hero_photo":
            kwargs["widget"] = PhotoPickerWidget(db_field.remote_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.can_publish = can_publish(request.user)
        # Restoring a revision rewrites the row to the old version first, so the
        # stale-save check would always fire; restoring is a deliberate overwrite.
        url_name = request.resolver_match.url_name if request.resolver_match else ""
        form.check_version = not url_name.endswith(("_revision", "_recover"))
        return form

    # Saving ---------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        apply_at = form.cleaned_data.get("schedule_changes_at")
        if change and apply_at:
            # The live row stays as it is; the edits wait for their time.
            live = Article.objects.get(pk=obj.pk)
            services.schedule_update(live, services.serialise_changes(form), apply_at, request.user)
            form.instance = live
            self.message_user(
                request,
                _("Update scheduled for %(time)s. Readers keep the current version until then.")
                % {"time": timezone.localtime(apply_at).strftime("%Y-%m-%d %H:%M")},
                messages.SUCCESS,
            )
            return
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    # Actions --------------------------------------------------------------------------

    @admin.action(description=_("Submit selected drafts for review"))
    def submit_for_review(self, request, queryset):
        drafts = queryset.filter(status=Article.Status.DRAFT)
        if not can_publish(request.user):
            drafts = drafts.filter(created_by=request.user)
        count = self._set_status(drafts, Article.Status.REVIEW)
        self.message_user(
            request,
            ngettext("%d article sent for review.", "%d articles sent for review.", count) % count,
        )

    @admin.action(description=_("Publish selected articles now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        count = self._set_status(queryset, Article.Status.PUBLISHED, publish_at=timezone.now())
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = self._set_status(queryset, Article.Status.UNPUBLISHED)
        self.message_user(
            request,
            ngettext("%d article unpublished.", "%d articles unpublished.", count) % count,
        )

    def _set_status(self, queryset, status, publish_at=None):
        """Change status one article at a time so each change leaves a revision."""
        count = 0
        for article in queryset:
            with reversion.create_revision():
                article.status = status
                if publish_at and not article.is_public:
                    article.publish_at = publish_at
                article.save()
                reversion.set_comment(f"Status set to {article.get_status_display()}")
            count += 1
        return count

    # Extra views: preview and tag suggestions -------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "<int:object_id>/translate/<str:edition>/",
                self.admin_site.admin_view(self.translate_view),
                name="articles_article_translate",
            ),
            path(
                "tags.json",
                self.admin_site.admin_view(self.tags_json),
                name="articles_article_tags",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """The article as readers will see it, for staff, whatever its status."""
        article = get_object_or_404(Article.objects.for_detail(), pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            return TemplateResponse(request, "admin/articles/forbidden.html", status=403)
        from .views import article_context

        context = article_context(request, article)
        context["is_preview"] = True
        return TemplateResponse(request, "articles/article_detail.html", context)

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

    def tags_json(self, request):
        """Existing tags starting with ``q``, for the tag field's suggestions."""
        query = request.GET.get("q", "").strip()[:50]
        tags = Tag.objects.filter(name__istartswith=query).order_by("name").values_list("name", flat=True)[:15]
        return JsonResponse({"results": list(tags) if query else []})

    def get_view_on_site_url(self, obj=None):
        if obj is None:
            return None
        if obj.is_public:
            return obj.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[obj.pk])


@admin.register(TrashedArticle)
class TrashedArticleAdmin(admin.ModelAdmin):
    """Deleted articles. Editors restore them; only admins delete them for good.

    Permissions are the proxy model's own: ``change`` to restore (Editor, Admin),
    ``delete`` to purge (Admin only); reporters cannot see the trash at all.
    """

    list_display = ["headline", "edition", "status", "section", "deleted_at", "deleted_by"]
    list_filter = ["edition", "status"]
    search_fields = ["headline", "slug"]
    ordering = ["-deleted_at"]
    fields = ["headline", "edition", "section", "status", "publish_at", "standfirst", "deleted_at", "deleted_by"]
    readonly_fields = fields
    actions = ["restore"]

    def get_queryset(self, request):
        return super().get_queryset(request).trashed().select_related("section", "deleted_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # "change" is the right to restore (a list action); a trashed article is never edited.
        return obj is None and super().has_change_permission(request)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            function, name, _description = actions["delete_selected"]
            actions["delete_selected"] = (function, name, _("Delete selected articles permanently"))
        return actions

    @admin.action(description=_("Restore selected articles"), permissions=["change"])
    def restore(self, request, queryset):
        count = 0
        # Through Article, not the proxy, so the restore is recorded in the article's history.
        for article in Article.objects.filter(pk__in=queryset.values("pk")):
            article.restore(request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%d article restored.", "%d articles restored.", count) % count,
            messages.SUCCESS,
        )
