"""Admin for agency tokens (create shows the secret once; revoke) and received wire items."""

import json

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import AgencyToken, WireItem


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


@admin.register(WireItem)
class WireItemAdmin(admin.ModelAdmin):
    list_display = [
        "headline",
        "urgency",
        "language",
        "kind",
        "format",
        "version",
        "source",
        "pubstatus",
        "article",
        "received_at",
    ]
    list_filter = ["source", "language", "urgency", "format", "kind", "pubstatus"]
    search_fields = ["identity", "uri", "headline"]
    date_hierarchy = "received_at"
    list_select_related = ["source", "article"]
    readonly_fields = [f.name for f in WireItem._meta.fields if f.name != "raw"] + ["pretty_raw"]
    exclude = ["raw"]

    @admin.display(description=_("item as received"))
    def pretty_raw(self, obj):
        shown = obj.raw["xml"] if set(obj.raw) == {"xml"} else json.dumps(obj.raw, indent=2, ensure_ascii=False)
        return format_html("<pre>{}</pre>", shown[:200_000])

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
