"""The desk: the admin where reporters and editors work on stories all day, under the workflow's rules.

Permissions are enforced here server-side (querysets, object permissions,
form validation and actions), not by hiding buttons.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from reversion_compare.admin import CompareVersionAdmin
from taggit.models import Tag

from articles import extensions, services, workflow
from articles.models import (
    Article,
    Author,
    Byline,
    Correction,
    GalleryItem,
    ScheduledUpdate,
    Source,
    TrashedArticle,
)
from articles.paginators import BoundedPaginator
from editions import edition_codes, get_edition
from media.widgets import PhotoPickerWidget, thumbnail_html
from taxonomy.menus import section_label

from .editing import DeskEditingMixin
from .embargo import EmbargoFilter
from .filters import MineFilter, RegionFilter, SectionFilter
from .forms import ArticleAdminForm, BylineFormSet
from .models import StoryNote
from .pending import PendingUpdateMixin
from .pickers import EditionPickersMixin
from .readonly import ReadOnlyStoryMixin


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

    def get_search_results(self, request, queryset, search_term):
        """The byline picker asks for the story's edition's authors only (``desk.pickers``)."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        edition = request.GET.get("edition")
        if edition in edition_codes():
            found = found.filter(edition=edition)
        return found, duplicates


# --- Articles ---------------------------------------------------------------------------


class BylineInline(admin.TabularInline):
    model = Byline
    formset = BylineFormSet
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


class StoryNoteInline(admin.TabularInline):
    """Internal notes beside the form: anyone on the desk adds one; written ones stay as they were."""

    model = StoryNote
    extra = 1
    fields = ["written", "text"]
    readonly_fields = ["written"]
    can_delete = False

    # Whoever works on stories reads and adds notes; the notes' own model permissions are nobody's business.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    def has_add_permission(self, request, obj):
        return request.user.has_perm("articles.change_article") and (
            obj is None or workflow.can_edit(request.user, obj)
        )

    def has_change_permission(self, request, obj=None):
        return False  # a note is a record: new ones are added, none is rewritten

    @admin.display(description=_("by, at"))
    def written(self, note):
        if note.pk is None:
            return "—"
        return f"{note.writer or '—'}, {timezone.localtime(note.written_at):%Y-%m-%d %H:%M}"


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
# The article list's pages go back this far (50 a page): counting further would cost more the bigger
# the archive. Older stories are reached by search, filters and sorting.
LIST_PAGES = 200


class DeskChangeList(ChangeList):
    def get_ordering(self, request, queryset):
        """Ties broken by the row id in the sort's own direction, so one index reads a column either way."""
        ordering = super().get_ordering(request, queryset)
        first = ordering[0] if ordering else None
        if isinstance(first, str) and ordering[-1] in {"pk", "-pk"} and first not in {"pk", "-pk"}:
            ordering[-1] = "-pk" if first.startswith("-") else "pk"
        return ordering

    def get_results(self, request):
        super().get_results(request)
        # The "editions" column for this page's stories in one query, not a subquery for every story listed.
        stories = list(self.result_list)  # fills the page's queryset, which the list then shows
        found = defaultdict(set)
        translations = Article.objects.active().filter(translation_group__in={s.translation_group for s in stories})
        for group, code in translations.values_list("translation_group", "edition"):
            found[group].add(code)
        for story in stories:
            story.editions_found = found[story.translation_group] | {story.edition}


class AuthorFilter(admin.SimpleListFilter):
    """Stories by one author, chosen from a byline in the list (``?author=<id>``).

    Not a list of every author in the sidebar: thousands of names nobody scrolls, and a scan of
    every byline to find which have stories.
    """

    title = _("author")
    parameter_name = "author"

    def lookups(self, request, model_admin):
        value = self.value()
        if value is None:
            return []
        author = Author.objects.filter(pk=value).first() if value.isdigit() else None
        # Shown, and so applied, whatever was asked: an unknown author lists no stories, not every one.
        return [(value, str(author) if author else _("unknown author"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            raise IncorrectLookupParameters(_("An author is chosen by number."))
        return queryset.filter(Exists(Byline.objects.filter(article=OuterRef("pk"), author_id=int(value))))


@admin.register(Article)
class ArticleAdmin(DeskEditingMixin, EditionPickersMixin, ReadOnlyStoryMixin, PendingUpdateMixin, CompareVersionAdmin):
    form = ArticleAdminForm
    # Fits a 1280-pixel screen beside the filters: the section sits under the headline, the story's own
    # edition is the marked one among the editions it exists in.
    list_display = [
        "headline_filed",
        "status_badge",
        "byline",
        "publish_at",
        "in_editions",
    ]
    list_filter = [
        "status",
        "edition",
        "kind",
        ("section", SectionFilter),
        RegionFilter,
        AuthorFilter,
        MineFilter,
        EmbargoFilter,
        "publish_at",
    ]
    # Asked of the search index (``get_search_results``); these are the fallback without one.
    search_fields = ["headline", "standfirst", "slug"]
    search_help_text = _("Words of the headline, standfirst, body or tags, in any edition; or a slug.")
    # Each has an index to read the list in order from (a section or a byline would not); the editions
    # column sorts by the story's own edition.
    sortable_by = ["headline_filed", "status_badge", "publish_at", "in_editions"]
    prepopulated_fields = {"slug": ["headline"]}
    # Sections and regions are plain choices, named in the story's edition (``desk.pickers``).
    autocomplete_fields = ["source", "related", "video"]
    raw_id_fields = ["hero_photo"]
    readonly_fields = [
        "read_minutes",
        "share_count",
        "created_by",
        "created_at",
        "modified_at",
    ]
    inlines = [BylineInline, GalleryItemInline, CorrectionInline, ScheduledUpdateInline, StoryNoteInline]
    actions = ["submit_for_review", "publish_now", "unpublish", "move_to_trash"]
    list_per_page = 50
    # The "N total" beside a filtered count would count the whole table on every page.
    show_full_result_count = False
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
                    "embargo_until",
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
        js = ["admin/js/tag_autocomplete.js", "admin/js/edition_direction.js", "admin/js/edition_pickers.js"]
        css = {"all": ["admin/css/newsroom.css"]}

    # Listing ------------------------------------------------------------------------

    def get_inlines(self, request, obj):
        return [*self.inlines, *EXTRA_INLINES]

    def get_queryset(self, request):
        return super().get_queryset(request).active().select_related("section").with_bylines()

    def get_changelist(self, request, **kwargs):
        return DeskChangeList

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        return BoundedPaginator(
            queryset, per_page, max_pages=LIST_PAGES, orphans=orphans, allow_empty_first_page=allow_empty_first_page
        )

    def get_search_results(self, request, queryset, search_term):
        """The search box asks the search index (``extensions.find_for_desk``), never every story's text."""
        words = search_term.strip()
        found = extensions.find_for_desk(queryset, words) if words else None
        if found is None:
            return super().get_search_results(request, queryset, search_term)
        return found, False

    @admin.display(description=_("headline"), ordering="headline")
    def headline_filed(self, obj):
        """The headline in its own direction, and under it the section in the story's edition."""
        edition = get_edition(obj.edition)
        return format_html(
            '<span class="row-headline" dir="{}" lang="{}">{}</span><span class="row-filed">{}</span>{}',
            edition.direction,
            edition.code,
            obj.headline,
            section_label(obj.section, obj.edition),
            self.open_now(obj),
        )

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        label = obj.get_status_display()
        if obj.status == Article.Status.SCHEDULED and obj.is_public:
            label = _("Published (was scheduled)")
        badge = format_html('<span class="status status-{}">{}</span>', obj.status, label)
        if obj.embargo_until and obj.embargo_until > timezone.now():
            embargo = _("embargo until %(time)s") % {
                "time": date_format(timezone.localtime(obj.embargo_until), "DATETIME_FORMAT")
            }
            return format_html('{}<span class="row-filed">{}</span>', badge, embargo)
        return badge

    @admin.display(description=_("byline"))
    def byline(self, obj):
        """Each name links to the list of that author's stories."""
        return format_html_join(
            ", ", '<a href="?author={}">{}</a>', ((line.author_id, line.author.name) for line in obj.byline_list)
        )

    @admin.display(description=_("editions"), ordering="edition")
    def in_editions(self, obj):
        """The editions the story exists in, its own one marked (sorting by this column sorts by the story's own)."""
        codes = getattr(obj, "editions_found", {obj.edition})  # filled for the list's page (``DeskChangeList``)
        return format_html_join(
            " ",
            '<span class="edition-code{}">{}</span>',
            ((" edition-code--own" if code == obj.edition else "", code) for code in sorted(codes)),
        )

    # Permissions ----------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or workflow.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or workflow.can_trash(request.user, obj)

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    # Deleting moves to the trash (see TrashedArticleAdmin) -----------------------------

    def delete_model(self, request, obj):
        workflow.trash(obj, request.user)

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
        count = 0
        for article in workflow.editable_by(request.user, queryset):
            workflow.trash(article, request.user)
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
        form.user = request.user
        # Restoring a revision rewrites the row to the old version first, so the
        # stale-save check would always fire; restoring is a deliberate overwrite.
        url_name = request.resolver_match.url_name if request.resolver_match else ""
        form.check_version = not url_name.endswith(("_revision", "_recover"))
        return form

    # Saving ---------------------------------------------------------------------------

    def save_formset(self, request, form, formset, change):
        if formset.model is StoryNote:  # a new note is its writer's
            for note_form in formset.extra_forms:
                if note_form.has_changed():
                    note_form.instance.author = request.user
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for typed, used in form.tags_matched:
            self.message_user(
                request,
                _("The tag “%(typed)s” is filed under the existing tag “%(used)s”.") % {"typed": typed, "used": used},
                messages.INFO,
            )

    def save_model(self, request, obj, form, change):
        apply_at = form.cleaned_data.get("schedule_changes_at")
        if change and apply_at:
            # The live row stays as it is; the edits wait for their time.
            live = Article.objects.get(pk=obj.pk)
            changes = services.serialise_changes(form)
            update = services.schedule_update(live, changes, apply_at, request.user, replacing=form.pending_update)
            form.instance = live
            if update is None:
                self.message_user(request, _("The update changed nothing any more, so it was cancelled."))
                return
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
        drafts = workflow.editable_by(request.user, queryset.filter(status=Article.Status.DRAFT))
        count = self._move_each(drafts, workflow.submit, request)
        self.message_user(
            request,
            ngettext("%d article sent for review.", "%d articles sent for review.", count) % count,
        )

    @admin.action(description=_("Publish selected articles now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        count = self._move_each(queryset, workflow.publish, request)
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = self._move_each(queryset, workflow.unpublish, request)
        self.message_user(
            request,
            ngettext("%d article unpublished.", "%d articles unpublished.", count) % count,
        )

    def _move_each(self, queryset, move, request):
        """One article at a time, so each move leaves its own revision; a refused one is named, the rest go on."""
        count = 0
        for article in queryset:
            try:
                move(article, request.user)
            except ValidationError as refusal:  # an embargo still to come
                self.message_user(request, f"{article}: {' '.join(refusal.messages)}", messages.ERROR)
                continue
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
        from articles.views import article_preview

        return article_preview(request, article)

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
            workflow.restore(article, request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%d article restored.", "%d articles restored.", count) % count,
            messages.SUCCESS,
        )
