"""Autosave: a server-side copy of what someone is typing in a desk form, kept every few seconds.

The browser (``static/admin/js/autosave.js``) posts the whole form a few seconds after the last
keystroke and when the tab is hidden or closed; the copy lands in ``AutosavedDraft``, never in the
story, so nothing is published and no revision is made. When the writer opens the form again and
the copy differs from what is saved (its fields or the rows under it: bylines, pictures,
corrections), the page offers it back, field by field, with the text as a readable diff; restoring
fills the form, adding the rows the copy added, and only the writer's own save stores it.

Each form that keeps copies registers an ``AutosavedForm`` here (the article form below; the live
post form from ``live.admin``): who may keep a copy for which story, and how the form is built.
"""

import html
import json
import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta

from diff_match_patch import diff_match_patch
from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from tinymce.widgets import TinyMCE

from articles.models import Article

from .models import AutosavedDraft

NEW = "new"  # the object id of a form whose story is not saved yet


class DraftRejected(Exception):
    """A copy the endpoint refuses, with the message and HTTP status it answers."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


class AutosavedForm:
    """A desk form whose typing is kept. Subclasses say who may keep a copy and how the form is built."""

    name = ""

    def article_for(self, request, object_id):
        """The story the copy belongs to (None for a story not saved yet), or PermissionDenied / Http404."""
        raise NotImplementedError

    def form_for(self, request, article, data=None):
        """The form as the page shows it: unbound (what is saved), or bound to a copy's ``data``."""
        raise NotImplementedError

    def formsets_for(self, request, article, data):
        """The rows under the form (bylines, pictures...) bound to a copy's ``data``: none by default."""
        return []


FORMS = {}


def register(form_class):
    """Class decorator: the form's copies are kept from now on, under its ``name``."""
    FORMS[form_class.name] = form_class()
    return form_class


@register
class ArticleForm(AutosavedForm):
    """The article change and add forms (``desk.admin.ArticleAdmin``, whichever class the site registered)."""

    name = "article"

    def model_admin(self):
        return admin.site.get_model_admin(Article)

    def article_for(self, request, object_id):
        model_admin = self.model_admin()
        if object_id == NEW:
            if not model_admin.has_add_permission(request):
                raise PermissionDenied
            return None
        if not object_id.isdigit():
            raise Http404
        article = get_object_or_404(Article.objects.active(), pk=object_id)
        if not model_admin.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def form_for(self, request, article, data=None):
        model_admin = self.model_admin()
        form_class = model_admin.get_form(request, article, change=article is not None)
        if article is None:
            return form_class(data, initial=model_admin.get_changeform_initial_data(request))
        return form_class(data, instance=article)

    def formsets_for(self, request, article, data):
        """The change form's inlines, under the prefixes the page gives them, bound to the copy."""
        inlines = self.model_admin().get_formsets_with_inlines(request, article)
        return [
            rows(data, instance=article, prefix=rows.get_default_prefix(), queryset=inline.get_queryset(request))
            for rows, inline in inlines
        ]


# Saving a copy ------------------------------------------------------------------------


def max_bytes():
    return settings.NEWSROOM_AUTOSAVE_MAX_KB * 1024


def read(payload):
    """A posted copy, ``{"data": {"name": ["value", ...]}}`` or ``{"discard": true}``; else DraftRejected."""
    if len(payload.encode()) > max_bytes():
        raise DraftRejected(too_large_message(), status=413)
    try:
        body = json.loads(payload)
    except ValueError:
        raise DraftRejected(_("The copy is not valid JSON.")) from None
    if not isinstance(body, dict):
        raise DraftRejected(_("The copy is not valid JSON."))
    if body.get("discard") is True:
        return body
    data = body.get("data")
    if not isinstance(data, dict) or not all(
        isinstance(values, list) and all(isinstance(value, str) for value in values) for values in data.values()
    ):
        raise DraftRejected(_("The copy must map each field name to a list of texts."))
    return body


def too_large_message():
    return _("The copy is larger than %(size)d KB and was not kept; save the story instead.") % {
        "size": settings.NEWSROOM_AUTOSAVE_MAX_KB
    }


def keep(user, form_name, article, data):
    """Keep ``data`` as the user's one copy of that form for that story (replacing the previous one)."""
    draft, _created = AutosavedDraft.objects.update_or_create(
        user=user, form=form_name, article=article, defaults={"data": data}
    )
    return draft


def discard(user, form_name, article):
    """The writer saved (or turned the copy down): the copy has done its job."""
    AutosavedDraft.objects.of(user, form_name, article).delete()


def prune(days=None):
    """Drop copies older than ``days`` (``NEWSROOM_AUTOSAVE_KEEP_DAYS``) that nobody came back for; return how many."""
    days = settings.NEWSROOM_AUTOSAVE_KEEP_DAYS if days is None else days
    deleted, _by_model = AutosavedDraft.objects.filter(saved_at__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted


# Offering a copy back ---------------------------------------------------------------------


@dataclass
class Change:
    """One field the copy would change: its label, the saved and the typed value, and the text diff."""

    label: str
    before: str
    after: str
    diff: list  # [(kind, text)], kind one of "same", "removed", "added"; empty where no text diff helps


def as_querydict(data):
    query = QueryDict(mutable=True)
    for name, values in data.items():
        query.setlist(name, values)
    return query


def offer(request, form_name, article):
    """The user's copy of this form, with what it would change in the saved form; None if nothing would."""
    draft = AutosavedDraft.objects.of(request.user, form_name, article).first()
    if draft is None:
        return None
    autosaved = FORMS[form_name]
    data = as_querydict(draft.data)
    changes = differences(autosaved.form_for(request, article), autosaved.form_for(request, article, data))
    if article is not None:
        changes += row_differences(autosaved.formsets_for(request, article, data))
    return {"draft": draft, "changes": changes} if changes else None


def differences(saved, typed):
    """Field by field, what the typed copy changes in the form as it is saved (hidden fields aside)."""
    return [
        change
        for name in typed.changed_data
        if (change := field_change(str(typed.fields[name].label or name), saved, typed, name)) is not None
    ]


def row_differences(formsets):
    """What the copy changes in the rows under the form: a caption, a byline, a row added or deleted.

    A formset the copy does not hold (its management form is missing or broken) is left out.
    """
    changes = []
    for formset in formsets:
        if not formset.management_form.is_valid():
            continue
        rows = str(formset.model._meta.verbose_name).capitalize()
        for number, form in enumerate(formset.forms, start=1):
            for name in form.changed_data:
                label = f"{rows} {number}: {form.fields[name].label or name}"
                change = field_change(label, form, form, name)
                if change is not None:
                    changes.append(change)
    return changes


def field_change(label, saved, typed, name):
    """The ``Change`` of one field from ``saved``'s initial value to ``typed``'s, None when none shows (or hidden)."""
    field = typed.fields[name]
    if field.widget.is_hidden:
        return None  # the loaded version and such: the restore keeps the page's own
    before = readable(field, saved.get_initial_for_field(field, name), cleaned=False)
    after = readable(field, typed[name].data, cleaned=True)
    if before == after:
        return None
    rich = isinstance(field.widget, TinyMCE)
    is_text = isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Select)
    diff = text_diff(as_text(before) if rich else before, as_text(after) if rich else after)
    return Change(label, before, after, diff if is_text or rich else [])


def readable(field, value, *, cleaned):
    """A field's value as the editor reads it: names rather than ids, labels rather than codes."""
    if cleaned:
        with suppress(ValidationError):  # else shown as typed: the save will say what is wrong with it
            value = field.clean(value)
    if isinstance(field, forms.ModelChoiceField) and not isinstance(value, (models.Model, list, models.QuerySet)):
        value = field.queryset.filter(pk=value).first() if value not in (None, "") else None
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        value = dict(field.choices).get(value, value)
    return as_display(value)


def as_display(value):
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (list, tuple, models.QuerySet)):
        return ", ".join(as_display(item) for item in value)
    return str(value)


BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|figcaption|tr)>|<br\s*/?>", re.IGNORECASE)


def as_text(markup):
    """The body's HTML as the words a reader sees, a paragraph a line, for a diff a person can read."""
    text = html.unescape(strip_tags(BLOCK_END.sub("\n", markup)))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


DIFF_KINDS = {0: "same", -1: "removed", 1: "added"}
WORDS = re.compile(r"\w+|\s+|[^\w\s]")
PRIVATE_USE = 0xE000  # a word's stand-in character: diff-match-patch compares characters


def text_diff(before, after):
    """Word by word (diff-match-patch on one character per word), so a change reads as whole words."""
    words = {}

    def encode(text):
        return "".join(chr(PRIVATE_USE + words.setdefault(word, len(words))) for word in WORDS.findall(text))

    encoded_before, encoded_after = encode(before), encode(after)
    spelled = {PRIVATE_USE + index: word for word, index in words.items()}
    matcher = diff_match_patch()
    diff = matcher.diff_main(encoded_before, encoded_after, False)
    matcher.diff_cleanupSemantic(diff)
    return [(DIFF_KINDS[op], "".join(spelled[ord(char)] for char in chunk)) for op, chunk in diff]
