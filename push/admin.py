"""Editors send push alerts from a breaking item or an article; Admins see alerts and subscribers.

The *Send push alert* action is added here to the article and breaking news lists (those apps
know nothing of push). It leads to a confirmation page naming the story, the edition and how many
readers will get it; only users with ``push.send_alert`` (Editors, Admins) see the action or may
confirm, and a story that had its alert shows when and to how many instead of a button.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article
from breaking.models import BreakingItem

from . import services
from .models import Alert, Subscription

STORY_MODELS = {"article": Article, "breaking": BreakingItem}


def can_send(request):
    return request.user.has_perm("push.send_alert")


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ("title", "edition", "status", "audience", "sent", "gone", "failed", "sent_by", "created_at")
    list_filter = ("edition", "status")
    readonly_fields = [field.name for field in Alert._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        confirm = self.admin_site.admin_view(self.confirm_view)
        return [path("send/<str:kind>/<int:pk>/", confirm, name="push_alert_send"), *super().get_urls()]

    def confirm_view(self, request, kind, pk):
        if not can_send(request) or kind not in STORY_MODELS:
            raise PermissionDenied
        obj = get_object_or_404(STORY_MODELS[kind], pk=pk)
        sent_before = services.existing_alert(obj)
        alert = services.compose(obj)
        if request.method == "POST" and sent_before is None and self.sendable(obj):
            try:
                alert = services.send(obj, request.user)
            except services.AlreadySent as exc:
                sent_before = exc.alert
            else:
                message = _("The alert is on its way to %(n)s readers.") % {"n": alert.audience}
                self.message_user(request, message, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:push_alert_change", args=[alert.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Send a push alert"),
            "alert": alert,
            "audience": services.audience(alert.edition),
            "sent_before": sent_before,
            "sendable": self.sendable(obj),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/push/confirm_alert.html", context)

    @staticmethod
    def sendable(obj):
        return obj.is_public if isinstance(obj, Article) else obj.is_live


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ("edition", "endpoint", "created_at")
    list_filter = ("edition",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def send_push_alert_action(kind):
    @admin.action(description=gettext_lazy("Send push alert…"), permissions=["send_push_alert"])
    def send_push_alert(modeladmin, request, queryset):
        if queryset.count() != 1:
            modeladmin.message_user(request, _("Choose one story to alert readers about."), messages.WARNING)
            return None
        return HttpResponseRedirect(reverse("admin:push_alert_send", args=[kind, queryset.get().pk]))

    return send_push_alert


for kind, model in STORY_MODELS.items():
    model_admin = admin.site.get_model_admin(model)
    model_admin.actions = [*(model_admin.actions or []), send_push_alert_action(kind)]
    model_admin.has_send_push_alert_permission = can_send
