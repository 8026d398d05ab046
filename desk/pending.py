"""A live story's scheduled update on its form: shown above it, edited in it, or cancelled.

The update itself is ``articles.models.ScheduledUpdate`` (the new values of ``SCHEDULABLE_FIELDS``,
applied by ``articles.services.apply_due_updates``). Until its time the form shows the live
story, so the box says what will change and when; "Edit" opens the form on the update's values
(``?update=<id>``), and saving it replaces the update (``services.schedule_update(replacing=…)``).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from articles import services, workflow
from articles.models import ScheduledUpdate
from media.models import Photo


def described(update):
    """``(field label, new value as text)`` for each change of ``update``."""
    rows = []
    for field, value in update.new_values():
        if field.name == "hero_photo":
            photo = Photo.objects.filter(pk=value).first() if value else None
            text = str(photo) if photo else _("no main photo")
        elif field.name == "updated_at":
            text = timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"
        elif field.choices:
            text = dict(field.flatchoices).get(value, value)
        else:
            text = Truncator(strip_tags(value)).words(40) or "—"
        rows.append((field.verbose_name, text))
    return rows


class PendingUpdateMixin:
    def pending_update(self, request, obj):
        """The pending update the form is opened on (``?update=<id>``), if any."""
        wanted = request.GET.get("update", "")
        if obj is None or not wanted.isdigit() or not workflow.can_publish(request.user):
            return None
        return ScheduledUpdate.objects.pending().filter(article=obj, pk=int(wanted)).first()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.pending_update = self.pending_update(request, obj)
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            editing = self.pending_update(request, obj)
            context["pending_updates"] = [
                {"update": update, "changes": described(update), "editing": update == editing}
                for update in obj.scheduled_updates.pending().order_by("apply_at")
            ]
            context["may_schedule"] = workflow.can_publish(request.user)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/scheduled-update/<int:update_id>/cancel/",
                self.admin_site.admin_view(self.cancel_update_view),
                name="articles_article_cancel_update",
            ),
            *super().get_urls(),
        ]

    def cancel_update_view(self, request, object_id, update_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        update = get_object_or_404(ScheduledUpdate.objects.pending(), pk=update_id, article_id=object_id)
        if not (workflow.can_publish(request.user) and self.has_change_permission(request, update.article)):
            raise PermissionDenied
        services.cancel_update(update)
        self.message_user(
            request,
            _("The update scheduled for %(time)s is cancelled. Readers keep the current version.")
            % {"time": timezone.localtime(update.apply_at).strftime("%Y-%m-%d %H:%M")},
            messages.SUCCESS,
        )
        return redirect("admin:articles_article_change", object_id)
