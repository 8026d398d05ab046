"""Admin for agency tokens (create shows the secret once; revoke), wire sources and their runs, and wire items."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from desk import admin as article_admin

from .models import AgencyToken, WireItem, WireItemVersion, WireRun, WireSource
from .services import Rejected, WireIngester
from .tasks import run_wire_source


@admin.register(AgencyToken)
class AgencyTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "prefix", "created_at", "last_used_at", "is_active"]
    list_filter = ["source", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "source__name", "prefix"]
    fields = ["source", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    @admin.display(boolean=True, description=_("active"))
    def is_active(self, obj):
        return obj.is_active

    def get_readonly_fields(self, request, obj=None):
        # A token's agency never changes: revoke it and create another instead.
        return [*self.readonly_fields, "source"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            token = obj.set_new_token()
            messages.warning(
                request,
                format_html(
                    _("The token for {} is <code>{}</code>. Copy it now: it is not stored and is never shown again."),
                    obj.source,
                    token,
                ),
            )
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            token.revoke()
            count += 1
        self.message_user(request, ngettext("%d token revoked.", "%d tokens revoked.", count) % count)


class UpdatedSinceDraftFilter(admin.SimpleListFilter):
    title = _("agency update")
    parameter_name = "updated"

    def lookups(self, request, model_admin):
        return [("yes", _("Updated since the draft")), ("none", _("No draft yet"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            # Versions are compared as the desk reads them; rows with a version number are the rule.
            return queryset.exclude(article=None).exclude(version="").exclude(version=F("applied_version"))
        if self.value() == "none":
            return queryset.filter(article=None, kind=WireItem.Kind.ARTICLE)
        return queryset


class WireItemVersionInline(admin.TabularInline):
    model = WireItemVersion
    fields = ["version", "version_created", "received_at", "headline", "pubstatus", "outcome"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ["-received_at", "-pk"]


@admin.register(WireItem)
class WireItemAdmin(admin.ModelAdmin):
    """The wire inbox: newest first, by agency, language and urgency; each item with its versions."""

    list_display = [
        "headline",
        "urgency",
        "language",
        "source",
        "kind",
        "version",
        "updated_since_draft",
        "article",
        "received_at",
    ]
    list_filter = ["source", "language", "urgency", UpdatedSinceDraftFilter, "format", "kind", "pubstatus"]
    search_fields = ["identity", "uri", "headline"]
    date_hierarchy = "received_at"
    list_select_related = ["source", "article"]
    readonly_fields = [f.name for f in WireItem._meta.fields if f.name != "raw"] + ["pretty_raw"]
    exclude = ["raw"]
    inlines = [WireItemVersionInline]

    @admin.display(boolean=True, description=_("updated since the draft"))
    def updated_since_draft(self, obj):
        return obj.updated_since_draft

    @admin.display(description=_("item as received"))
    def pretty_raw(self, obj):
        shown = obj.raw["xml"] if set(obj.raw) == {"xml"} else json.dumps(obj.raw, indent=2, ensure_ascii=False)
        return format_html("<pre>{}</pre>", shown[:200_000])

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        use = path("<path:object_id>/use/", self.admin_site.admin_view(self.use_this), name="wire_wireitem_use")
        return [use, *super().get_urls()]

    def use_this(self, request, object_id):
        """POST: open the item's draft, making it from the latest version if there is none."""
        wire = self.get_object(request, object_id)
        if request.method != "POST" or wire is None:
            return redirect("admin:wire_wireitem_changelist")
        if not request.user.has_perm("articles.add_article"):
            raise PermissionDenied
        try:
            article = WireIngester(source=wire.source).make_draft(wire)
        except Rejected as exc:
            messages.error(request, str(exc))
            return redirect("admin:wire_wireitem_change", wire.pk)
        return redirect("admin:articles_article_change", article.pk)


class AgencyItemInline(admin.TabularInline):
    """On the article page: the agency items it was made from, and whether the agency has sent more since."""

    model = WireItem
    fk_name = "article"
    verbose_name = _("agency item")
    verbose_name_plural = _("agency items")
    fields = ["item_link", "version", "applied_version", "received_at", "ed_note", "updated_since_draft"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False

    @admin.display(description=_("agency item"))
    def item_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:wire_wireitem_change", args=[obj.pk]), obj.identity)

    @admin.display(boolean=True, description=_("updated since the draft"))
    def updated_since_draft(self, obj):
        return obj.updated_since_draft


article_admin.EXTRA_INLINES.append(AgencyItemInline)


class WireRunInline(admin.TabularInline):
    model = WireRun
    fields = ["started_at", "status", "files", "created", "updated", "unchanged", "ignored", "rejected", "error"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    ordering = ["-started_at"]

    def get_queryset(self, request):
        # The latest runs only; all of them are under Wire runs.
        latest = WireRun.objects.filter(source=OuterRef("source")).order_by("-started_at").values("pk")[:10]
        return super().get_queryset(request).filter(pk__in=Subquery(latest))


@admin.register(WireSource)
class WireSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "agency", "interval", "active", "last_run", "failures", "next_run_at"]
    list_filter = ["kind", "active", "agency"]
    search_fields = ["name", "url", "folder"]
    fieldsets = [
        (None, {"fields": ["name", "agency", "kind", "active", "interval", "section"]}),
        (_("Where"), {"fields": ["url", "folder"]}),
        (_("Credentials"), {"fields": ["username", "password", "token"]}),
        (_("State"), {"fields": ["failures", "next_run_at", "etag", "last_modified"]}),
    ]
    readonly_fields = ["failures", "next_run_at", "etag", "last_modified"]
    inlines = [WireRunInline]
    actions = ["run_now"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("password", "token"):
            # Kept when the form is saved again, but not shown on the screen.
            kwargs["widget"] = forms.PasswordInput(render_value=True)
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        latest = WireRun.objects.filter(source=OuterRef("pk")).order_by("-started_at")
        return super().get_queryset(request).annotate(last_status=Subquery(latest.values("status")[:1]))

    @admin.display(description=_("last run"))
    def last_run(self, obj):
        return WireRun.Status(obj.last_status).label if obj.last_status else "—"

    @admin.action(description=_("Run the selected sources now"), permissions=["change"])
    def run_now(self, request, queryset):
        pks = list(queryset.filter(active=True).values_list("pk", flat=True))
        for pk in pks:
            transaction.on_commit(lambda pk=pk: run_wire_source.enqueue(pk))
        self.message_user(request, ngettext("%d source queued.", "%d sources queued.", len(pks)) % len(pks))


@admin.register(WireRun)
class WireRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "source", "status", "files", "created", "updated", "unchanged", "rejected"]
    list_filter = ["status", "source"]
    date_hierarchy = "started_at"
    list_select_related = ["source"]
    readonly_fields = [f.name for f in WireRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
