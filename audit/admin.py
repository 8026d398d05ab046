"""The audit log in the admin: read only, filtered by person, action, object type and time."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ACTION_LABELS, AuditEntry


class ActionFilter(admin.SimpleListFilter):
    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        actions = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((action, ACTION_LABELS.get(action, action)) for action in actions), key=lambda a: str(a[1]))

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action_label", "content_type", "object_repr", "ip"]
    list_filter = [ActionFilter, ("actor", admin.RelatedOnlyFieldListFilter), "content_type", "at"]
    search_fields = ["actor_name", "object_repr", "object_id", "message"]
    date_hierarchy = "at"
    list_select_related = ["content_type"]
    fields = [
        "at",
        "actor",
        "actor_name",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "message",
        "changes",
        "ip",
    ]
    readonly_fields = fields
    show_full_result_count = False  # the log grows without bound; counting it all on every page is slow

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, entry):
        return entry.action_label

    # Nobody adds, edits or deletes entries through the site, whatever their permissions.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
