"""The breaking news desk: post in one step from the list, expire, edit with history.

Posting and expiring are server-side permission checks (``add`` and ``change``
on breaking items: Editors and Admins), not hidden buttons. Every post, edit
and expiry is a django-reversion revision, so earlier wording is kept.
"""

import reversion
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from reversion_compare.admin import CompareVersionAdmin

from articles.models import Author
from editions import edition_codes, get_edition

from .forms import BreakingItemAdminForm, QuickPostForm
from .models import BreakingItem

# A refused quick post is kept here so the editor can fix it instead of retyping it.
DRAFT_SESSION_KEY = "breaking:quick-post-draft"


class StateFilter(admin.SimpleListFilter):
    title = _("on the ticker")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("live", _("Live now")), ("expired", _("Expired")), ("off", _("Switched off"))]

    def queryset(self, request, queryset):
        if self.value() == "live":
            return queryset.live()
        if self.value() == "expired":
            return queryset.expired()
        if self.value() == "off":
            return queryset.filter(is_active=False)
        return queryset


@admin.register(BreakingItem)
class BreakingItemAdmin(CompareVersionAdmin):
    form = BreakingItemAdminForm
    list_display = ["text", "edition", "urgent_flag", "state", "posted_by", "posted_at", "expires_at", "expire_button"]
    list_filter = [StateFilter, "edition", "priority", "is_active", "posted_at"]
    search_fields = ["text"]
    date_hierarchy = "posted_at"
    autocomplete_fields = ["article"]
    readonly_fields = ["posted_by", "posted_at"]
    fields = [
        "text",
        "edition",
        "other_script",
        "article",
        "priority",
        "is_active",
        "expires_at",
        "posted_by",
        "posted_at",
    ]
    actions = ["expire_selected"]
    list_per_page = 50
    change_list_template = "admin/breaking/breakingitem/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("posted_by")

    # Columns --------------------------------------------------------------------------

    @admin.display(description=_("urgent"), ordering="-priority")
    def urgent_flag(self, obj):
        return format_html('<strong class="breaking-urgent">{}</strong>', _("Urgent")) if obj.is_urgent else ""

    @admin.display(description=_("on the ticker"))
    def state(self, obj):
        if not obj.is_active:
            return _("Switched off")
        return _("Live") if obj.is_live else _("Expired")

    @admin.display(description=_("expire"))
    def expire_button(self, obj):
        if not obj.is_live:
            return "—"
        # The row sits inside the changelist's own form, so the button submits the
        # separate, empty expire form (see the change_list template) to this item's URL.
        return format_html(
            '<button type="submit" class="button" form="breaking-expire-form" formaction="{}">{}</button>',
            reverse("admin:breaking_breakingitem_expire", args=[obj.pk]),
            _("Expire now"),
        )

    # Saving ---------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            obj.posted_by = request.user
        super().save_model(request, obj, form, change)

    # One-step posting -----------------------------------------------------------------

    def get_urls(self):
        return [
            path("post/", self.admin_site.admin_view(self.post_view), name="breaking_breakingitem_post"),
            path(
                "<int:object_id>/expire/",
                self.admin_site.admin_view(self.expire_view),
                name="breaking_breakingitem_expire",
            ),
            *super().get_urls(),
        ]

    def default_edition(self, request):
        """The edition this editor posted to last, else the one they write for (a byline), else the admin language."""
        last = (
            BreakingItem.objects.filter(posted_by=request.user)
            .order_by("-posted_at")
            .values_list("edition", flat=True)
            .first()
        )
        if last:
            return last
        own = set(Author.objects.filter(user=request.user).values_list("edition", flat=True))
        if len(own) == 1:
            return own.pop()
        language = get_language()
        return language if language in edition_codes() else get_edition(language).code

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self.has_add_permission(request):
            draft = request.session.pop(DRAFT_SESSION_KEY, None)
            initial = draft or {"edition": self.default_edition(request)}
            extra_context["quick_post_form"] = QuickPostForm(initial=initial)
            extra_context["quick_post_url"] = reverse("admin:breaking_breakingitem_post")
        return super().changelist_view(request, extra_context)

    def post_view(self, request):
        """Create an item from the list page's one-line form and go back to the list."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = QuickPostForm(request.POST)
        if form.is_valid():
            with reversion.create_revision():
                item = form.save(commit=False)
                item.posted_by = request.user
                item.save()
                reversion.set_user(request.user)
                reversion.set_comment(_("Posted"))
            self.log_addition(request, item, [{"added": {}}])
            self.message_user(
                request,
                _("Posted to the %(edition)s ticker: “%(text)s”. It expires at %(time)s.")
                % {
                    "edition": item.get_edition_display(),
                    "text": item.text,
                    "time": timezone.localtime(item.expires_at).strftime("%H:%M"),
                },
                messages.SUCCESS,
            )
        else:
            request.session[DRAFT_SESSION_KEY] = {
                "text": request.POST.get("text", "")[:1000],
                "edition": request.POST.get("edition", ""),
                "urgent": bool(request.POST.get("urgent")),
                # Asked only when the line's script was questioned (the box then shows the checkbox).
                "script_questioned": form.has_error("__all__", "other_script"),
            }
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, _("Not posted: %(error)s") % {"error": error}, messages.ERROR)
        return redirect("admin:breaking_breakingitem_changelist")

    # Expiring -------------------------------------------------------------------------

    def expire_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        item = get_object_or_404(BreakingItem, pk=object_id)
        if not self.has_change_permission(request, item):
            raise PermissionDenied
        if item.is_live:
            self._expire(request, item)
            self.message_user(request, _("Expired: “%(text)s”.") % {"text": item.text}, messages.SUCCESS)
        else:
            self.message_user(request, _("That item had already left the ticker."), messages.WARNING)
        return redirect("admin:breaking_breakingitem_changelist")

    @admin.action(description=_("Expire selected items now"), permissions=["change"])
    def expire_selected(self, request, queryset):
        count = 0
        for item in queryset.live():
            self._expire(request, item)
            count += 1
        self.message_user(
            request,
            ngettext("%d item expired.", "%d items expired.", count) % count,
            messages.SUCCESS if count else messages.WARNING,
        )

    def _expire(self, request, item):
        """One revision per item, so its history shows who took it off and when."""
        with reversion.create_revision():
            item.expire()
            reversion.set_user(request.user)
            reversion.set_comment(_("Expired"))
        self.log_change(request, item, [{"changed": {"fields": ["expires_at"]}}])
