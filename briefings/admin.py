"""Editors pick the day's top stories and send a briefing early; Admins see subscribers."""

from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import Briefing, BriefingStory, Subscriber
from .tasks import send_briefing


class BriefingStoryInline(admin.TabularInline):
    model = BriefingStory
    autocomplete_fields = ["article"]
    extra = 3


@admin.register(Briefing)
class BriefingAdmin(admin.ModelAdmin):
    list_display = ("date", "edition", "sent_at", "recipients")
    list_filter = ("edition",)
    fields = ("edition", "date", "intro", "sent_at", "recipients")
    readonly_fields = ("sent_at", "recipients")
    inlines = [BriefingStoryInline]
    actions = ["send_now"]

    @admin.action(description=_("Send the selected briefings now"), permissions=["change"])
    def send_now(self, request, queryset):
        for briefing in queryset.filter(sent_at__isnull=True):
            transaction.on_commit(lambda pk=briefing.pk: send_briefing.enqueue(pk))
        self.message_user(request, _("Sending; subscribers who had them are skipped."))


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ("email", "edition", "status", "created_at", "confirmed_at")
    list_filter = ("edition", "status")
    search_fields = ("email",)
    fields = ("email", "edition", "status", "created_at", "confirmed_at", "unsubscribed_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
