"""The endpoint form: editions and events as checkboxes, the URL checked against SSRF rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from editions import all_editions

from .models import Endpoint, Event


class HttpsURLField(forms.URLField):
    """An address typed without a scheme is taken as https://."""

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)


class EndpointForm(forms.ModelForm):
    editions = forms.MultipleChoiceField(
        label=_("editions"), widget=forms.CheckboxSelectMultiple, help_text=_("Stories of these editions only.")
    )
    events = forms.MultipleChoiceField(
        label=_("events"),
        widget=forms.CheckboxSelectMultiple,
        choices=[choice for choice in Event.choices if choice[0] != Event.PING],
        help_text=_("What the partner hears about. A test ping can be sent to any endpoint from the list."),
    )

    class Meta:
        model = Endpoint
        fields = ["name", "url", "owner", "editions", "events", "format", "is_active", "secret"]
        field_classes = {"url": HttpsURLField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["editions"].choices = [(edition.code, edition.name) for edition in all_editions()]

    def save(self, commit=True):
        endpoint = super().save(commit=False)
        if endpoint.is_active:
            endpoint.disabled_reason = ""
            endpoint.failing_since = None
        if commit:
            endpoint.save()
        return endpoint
