"""Preview links in the admin: an editor shares a story not yet public, sees its links, withdraws them."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import workflow

from .models import PreviewLink


class PreviewLinkForm(forms.ModelForm):
    lifetime = forms.TypedChoiceField(
        label=_("works for"),
        choices=PreviewLink.Lifetime.choices,
        coerce=int,
        initial=PreviewLink.Lifetime.THREE_DAYS,
        help_text=_("After this the link shows a page saying it has expired. You can withdraw it sooner."),
    )

    user = None  # set by PreviewLinkAdmin.get_form

    class Meta:
        model = PreviewLink
        fields = ["article", "recipient"]

    def clean_article(self):
        article = self.cleaned_data["article"]
        if article.deleted_at is not None:
            raise forms.ValidationError(_("This story is in the trash."))
        if article.is_public:
            raise forms.ValidationError(_("This story is already public: send its address instead."))
        if not workflow.can_share_preview(self.user, article):
            raise forms.ValidationError(_("Only editors can share a preview of a story."))
        return article

    def save(self, commit=True):
        link = super().save(commit=False)
        link.created_by = self.user
        link.expires_at = timezone.now() + timedelta(days=self.cleaned_data["lifetime"])
        if commit:
            link.save()
        return link


class ActiveFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("Working")), ("ended", _("Expired or withdrawn"))]

    def queryset(self, request, queryset):
        active = PreviewLink.objects.active()
        if self.value() == "active":
            return queryset.filter(pk__in=active.values("pk"))
        if self.value() == "ended":
            return queryset.exclude(pk__in=active.values("pk"))
        return queryset


@admin.register(PreviewLink)
class PreviewLinkAdmin(admin.ModelAdmin):
    """Reached from the story's page ("Share a preview", "Preview links").

    Links are made, read and withdrawn, never edited.
    """

    form = PreviewLinkForm
    list_display = ["article", "recipient", "state", "expires_at", "created_by", "link"]
    list_filter = [ActiveFilter, "article__edition"]
    list_select_related = ["article", "created_by"]
    search_fields = ["recipient", "article__headline"]
    autocomplete_fields = ["article"]
    actions = ["withdraw"]
    readonly_fields = ["link", "state", "expires_at", "created_by", "created_at", "revoked_at", "revoked_by"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["article", "recipient", "lifetime"]
        return ["article", "recipient", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "article", "recipient"] if obj else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = forms.ModelForm  # nothing to edit on a made link
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def lookup_allowed(self, lookup, value, request=None):
        # The story's own links, from the "Preview links" button on its page.
        return lookup == "article__id__exact" or super().lookup_allowed(lookup, value, request)

    def has_delete_permission(self, request, obj=None):
        return False  # withdrawn, not deleted: the record of who saw what stays

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            format_html(
                _("Preview link for {recipient}: {url}"),
                recipient=obj.recipient,
                url=request.build_absolute_uri(obj.get_absolute_url()),
            ),
            messages.SUCCESS,
        )
        if "_addanother" in request.POST or "_continue" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        # Back to the story's working links, the new one among them.
        listing = reverse("admin:desk_previewlink_changelist")
        return HttpResponseRedirect(f"{listing}?article__id__exact={obj.article_id}&state=active")

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.revoked_at:
            return _("Withdrawn")
        return _("Expired") if obj.is_expired else _("Working")

    @admin.display(description=_("link"))
    def link(self, obj):
        if obj.pk is None or not obj.is_active:
            return "—"
        return format_html(
            '<a href="{}" rel="noreferrer" target="_blank">{}</a>', obj.get_absolute_url(), _("open or copy")
        )

    @admin.action(description=_("Withdraw selected links"), permissions=["change"])
    def withdraw(self, request, queryset):
        count = 0
        for link in queryset.filter(revoked_at__isnull=True):
            link.revoke(request.user)
            count += 1
        self.message_user(
            request, ngettext("%d link withdrawn.", "%d links withdrawn.", count) % count, messages.SUCCESS
        )
