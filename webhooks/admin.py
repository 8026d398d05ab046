"""Admins register endpoints and read the delivery log; a switched-off endpoint says why."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .events import emit
from .forms import EndpointForm
from .models import Attempt, Delivery, Endpoint, Event


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ("name", "url", "format", "is_active", "disabled_reason", "owner")
    list_filter = ("is_active", "format")
    readonly_fields = ("disabled_reason", "failing_since", "created_at")
    actions = ["send_ping"]

    def get_fields(self, request, obj=None):
        fields = ["name", "url", "owner", "editions", "events", "format", "is_active", "secret"]
        return [*fields, *self.readonly_fields] if obj else fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        endpoint = self.get_object(request, object_id)
        if endpoint is not None and not endpoint.is_active and endpoint.disabled_reason and request.method == "GET":
            messages.warning(request, endpoint.disabled_reason)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Send a test ping to the selected endpoints"), permissions=["change"])
    def send_ping(self, request, queryset):
        for endpoint in queryset:
            emit(Event.PING, "", "ping", endpoint.pk)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("A ping is on its way to %(n)d endpoint.", "A ping is on its way to %(n)d endpoints.", count)
            % {"n": count},
        )


class AttemptInline(admin.TabularInline):
    model = Attempt
    fields = ("at", "status_code", "succeeded", "duration_ms", "error", "response_excerpt")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "event", "subject", "endpoint", "status", "attempts", "delivered_at")
    list_filter = ("status", "event", "endpoint")
    search_fields = ("id", "subject")
    date_hierarchy = "created_at"
    fields = ("id", "endpoint", "event", "subject", "status", "attempts", "created_at", "delivered_at", "body")
    readonly_fields = fields
    inlines = [AttemptInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
