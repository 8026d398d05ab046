"""Admin forms: the article editor with its workflow and stale-save rules."""

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminSplitDateTime
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField, TagWidget
from taggit.models import Tag
from taggit.utils import parse_tags
from tinymce.widgets import TinyMCE

from articles import workflow
from articles.models import SCHEDULABLE_FIELDS, Article
from editions import edition_codes, get_edition
from taxonomy.models import Region, Section

# The fields whose text is in the story's language: they are typed in its direction, whatever the admin's.
STORY_TEXT_FIELDS = ["headline", "standfirst", "summary_points"]


class MainTagWidget(TagWidget):
    """The tag input with, under it, which tag is the main one (the first)."""

    template_name = "admin/widgets/tags.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        names = parse_tags(context["widget"]["value"] or "")
        context["widget"]["main_tag"] = names[0] if names else ""
        return context


class OrderedTagField(TagField):
    """Tags in the writer's order: reordering them is a change (taggit's field compares them sorted)."""

    widget = MainTagWidget

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            typed = self.clean(data)
        except forms.ValidationError:
            return True
        return [tag.name for tag in initial or []] != typed


class ArticleAdminForm(forms.ModelForm):
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    schedule_changes_at = forms.SplitDateTimeField(
        label=_("Apply these changes at"),
        required=False,
        widget=AdminSplitDateTime,
        help_text=_(
            "For a live article only: readers keep the current headline, standfirst, body, "
            "In Five, main photo and kind until this time. Other changes are saved now."
        ),
    )

    # Set by ArticleAdmin.get_form for the requesting user and view.
    user = None
    check_version = True
    # The pending ScheduledUpdate being edited (``desk.pending``): the form starts from its new values.
    pending_update = None
    # (typed, existing) for each typed tag filed under an existing tag spelt otherwise ("fishing", "Fishing").
    tags_matched = ()

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown
        field_classes = {"tags": OrderedTagField}
        widgets = {
            "body": TinyMCE(attrs={"cols": 80, "rows": 30}),
            "standfirst": forms.Textarea(attrs={"rows": 3}),
            "summary_points": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version
        if self.pending_update is not None:
            self.initial.update({field.name: value for field, value in self.pending_update.new_values()})
            self.initial["schedule_changes_at"] = self.pending_update.apply_at
        if "status" in self.fields:
            self.fields["status"].choices = workflow.status_choices(self.user)
        self._follow_story_direction()
        self._name_terms_in_story_edition()

    def story_edition(self):
        """The edition the text is written in: the one chosen in the form, else the story's (or the initial one)."""
        chosen = self.data.get(self.add_prefix("edition")) if self.is_bound else None
        if chosen in edition_codes():
            return get_edition(chosen)
        if self.instance.pk or "edition" not in self.fields:
            return get_edition(self.instance.edition)
        return get_edition(self.get_initial_for_field(self.fields["edition"], "edition"))

    def _follow_story_direction(self):
        """``dir``/``lang`` of the story's edition on its text inputs and inside the body editor.

        ``admin/js/edition_direction.js`` switches them live when the edition select changes.
        """
        edition = self.story_edition()
        for name in STORY_TEXT_FIELDS:
            if name in self.fields:
                self.fields[name].widget.attrs.update(dir=edition.direction, lang=edition.code)
        if "body" in self.fields and isinstance(self.fields["body"].widget, TinyMCE):
            body = self.fields["body"].widget
            body.content_language = edition.code
            body.attrs.update(dir=edition.direction, lang=edition.code)
        if "edition" in self.fields:
            self.fields["edition"].widget.attrs["data-rtl-editions"] = " ".join(settings.LANGUAGES_BIDI)

    def _name_terms_in_story_edition(self):
        """Sections and regions under their names in the story's edition (``desk.pickers``)."""
        code = self.story_edition().code
        for name, model in (("section", Section), ("regions", Region)):
            if name in self.fields:
                field = self.fields[name]
                field.queryset = model.objects.labelled(code)
                field.label_from_instance = lambda term: term.label
        if "edition" in self.fields:
            self.fields["edition"].widget.attrs["data-pickers"] = "follow"

    def clean_status(self):
        status = self.cleaned_data["status"]
        if not workflow.can_choose(self.user, status):
            raise forms.ValidationError(_("Only editors can schedule, publish or unpublish."))
        return status

    def clean_tags(self):
        """Each typed tag under the existing tag's own spelling; the writer is told which ones (``tags_matched``)."""
        typed = self.cleaned_data["tags"]
        if not typed:
            return typed
        existing = {}
        matching = Q.create([("name__iexact", name) for name in typed], connector=Q.OR)
        for tag in Tag.objects.filter(matching).order_by("pk"):
            existing.setdefault(tag.name.casefold(), tag.name)
        used = [existing.get(name.casefold(), name) for name in typed]
        self.tags_matched = [(name, spelt) for name, spelt in zip(typed, used, strict=True) if name != spelt]
        return used

    def clean_loaded_version(self):
        loaded = self.cleaned_data.get("loaded_version")
        if not self.instance.pk or not self.check_version:
            return loaded
        current = Article.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        if loaded is None or loaded != current:
            raise forms.ValidationError(
                _(
                    "Someone else saved this article after you opened it, so your save was refused to keep "
                    "their work. Your text is still in this form: copy what you need, open the article "
                    "again in a new tab, and apply your changes there."
                ),
                code="stale",
            )
        return loaded

    def clean(self):
        cleaned = super().clean()
        apply_at = cleaned.get("schedule_changes_at")
        if self.pending_update is not None and not apply_at:
            self.add_error(
                "schedule_changes_at",
                _("Give the scheduled update a time, or cancel it from the box above the form."),
            )
        if apply_at:
            if not workflow.can_publish(self.user):
                self.add_error("schedule_changes_at", _("Only editors can schedule updates."))
            elif not self.instance.pk or not Article.objects.public().filter(pk=self.instance.pk).exists():
                self.add_error(
                    "schedule_changes_at",
                    _("Only a live article can get a scheduled update; schedule the article itself instead."),
                )
            elif apply_at <= timezone.now():
                self.add_error("schedule_changes_at", _("Choose a time in the future."))
            elif self.pending_update is None and not set(self.changed_data) & set(SCHEDULABLE_FIELDS):
                self.add_error(
                    "schedule_changes_at",
                    _("Change the headline, standfirst, body or photo first."),
                )
        self._refuse_before_embargo(cleaned)
        return cleaned

    def _refuse_before_embargo(self, cleaned):
        """The workflow's embargo rule, on the time this save would put the story before readers."""
        status = cleaned.get("status", self.instance.status)
        if status not in Article.SEEN_BY_READERS:
            return
        at = cleaned.get("publish_at", self.instance.publish_at)
        if at is None and status == Article.Status.PUBLISHED:
            at = timezone.now()  # what saving will set
        refusal = workflow.embargo_refusal(cleaned.get("embargo_until", self.instance.embargo_until), at)
        if refusal:
            self.add_error("publish_at" if "publish_at" in self.fields else None, refusal)

    def _post_clean(self):
        super()._post_clean()
        # Save against the version the editor loaded, so a race still fails safely.
        if self.check_version and self.instance.pk and self.cleaned_data.get("loaded_version") is not None:
            self.instance.version = self.cleaned_data["loaded_version"]


class BylineFormSet(BaseInlineFormSet):
    """A byline names an author of the story's edition (the picker offers only those; a forged post is refused)."""

    def clean(self):
        super().clean()
        edition = self.instance.edition
        for form in self.forms:
            author = form.cleaned_data.get("author") if form.cleaned_data else None
            if author is None or form.cleaned_data.get("DELETE") or author.edition == edition:
                continue
            form.add_error(
                "author",
                _("%(name)s writes for the %(theirs)s edition; choose an author of the %(edition)s edition.")
                % {
                    "name": author.name,
                    "theirs": get_language_info(author.edition)["name_translated"],
                    "edition": get_language_info(edition)["name_translated"],
                },
            )
