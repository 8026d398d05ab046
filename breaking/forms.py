"""Forms editors post and edit ticker items with.

Text is cleaned here first (markup stripped, whitespace collapsed, length
checked on what readers will see); the model's ``clean`` then refuses a repeat
of the same line in the same edition, so both forms give the same answers.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from editions import get_edition
from editions.text import main_script

from .models import MAX_LENGTH, BreakingItem, normalise_text

EMPTY_MESSAGE = _("Write the news line: it is empty (markup alone does not count).")
# Generous bound on raw input, so a pasted web page is refused before it is parsed.
RAW_INPUT_LIMIT = 5000
SCRIPT_NAMES = {"LATIN": _("Latin"), "ARABIC": _("Arabic")}


class BreakingTextMixin:
    def clean_text(self):
        text = normalise_text(self.cleaned_data.get("text", ""))
        if not text:
            raise forms.ValidationError(EMPTY_MESSAGE, code="empty")
        if len(text) > MAX_LENGTH:
            raise forms.ValidationError(
                _("Keep it to %(max)d characters: this one has %(count)d."),
                code="too_long",
                params={"max": MAX_LENGTH, "count": len(text)},
            )
        return text

    def clean(self):
        """A line in another script than its edition's (Arabic on the English ticker) is questioned, not posted."""
        cleaned = super().clean()
        text, edition = cleaned.get("text"), cleaned.get("edition")
        if not text or not edition or cleaned.get("other_script"):
            return cleaned
        script, expected = main_script(text), get_edition(edition).script
        if script is not None and script != expected:
            raise forms.ValidationError(
                _(
                    "This line is in %(script)s script, but the %(edition)s ticker is chosen. Choose the line's "
                    "edition, or tick “%(anyway)s”."
                ),
                code="other_script",
                params={
                    "script": SCRIPT_NAMES.get(script, script.title()),
                    "edition": dict(self.fields["edition"].choices).get(edition, edition),
                    "anyway": OTHER_SCRIPT_LABEL,
                },
            )
        return cleaned


OTHER_SCRIPT_LABEL = _("Post in this edition anyway")


def other_script_field():
    return forms.BooleanField(label=OTHER_SCRIPT_LABEL, required=False)


def text_field(widget):
    return forms.CharField(
        label=_("Breaking news"),
        max_length=RAW_INPUT_LIMIT,
        error_messages={
            "required": EMPTY_MESSAGE,
            "max_length": _("That is far longer than one line of news; keep it to %(max)d characters.")
            % {"max": MAX_LENGTH},
        },
        widget=widget,
        help_text=BreakingItem._meta.get_field("text").help_text,
    )


class QuickPostForm(BreakingTextMixin, forms.ModelForm):
    """The one-line form at the top of the admin list: type, pick the edition, press Enter."""

    text = text_field(
        forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "aria-describedby": "quick-post-help",
                "class": "vTextField breaking-quick-post__text",
                "placeholder": _("Minister: talks resume on Monday"),
            }
        )
    )
    urgent = forms.BooleanField(label=_("Urgent"), required=False)
    other_script = other_script_field()

    class Meta:
        model = BreakingItem
        fields = ["text", "edition"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "quick-post-%s")
        super().__init__(*args, **kwargs)

    def save(self, commit=True):
        self.instance.priority = (
            BreakingItem.Priority.URGENT if self.cleaned_data.get("urgent") else BreakingItem.Priority.NORMAL
        )
        return super().save(commit)


class BreakingItemAdminForm(BreakingTextMixin, forms.ModelForm):
    """The full change form: wording, link, priority, expiry and the on/off switch."""

    text = text_field(forms.Textarea(attrs={"rows": 2, "cols": 80, "class": "vLargeTextField"}))
    other_script = other_script_field()

    class Meta:
        model = BreakingItem
        fields = ["text", "edition", "article", "priority", "is_active", "expires_at"]
