"""The article form for someone who may read a story but not change it (a reporter's story once submitted).

Django's read-only form prints every field's raw value: the body as HTML source, "None" for the
form's own fields. Here the body is shown as readers will read it (sanitised), the section and
regions under their names in the story's edition, empty values as "—", and a preview link.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles.sanitize import sanitize_html
from editions import get_edition
from taxonomy.menus import region_label, section_label

# Read-only names for the fields the form would show, and the form's own fields that mean nothing to a reader.
SHOWN_AS = {"body": "body_as_read", "section": "section_named", "regions": "regions_named", "related": "related_listed"}
FORM_ONLY = {"schedule_changes_at", "loaded_version"}


class ReadOnlyStoryMixin:
    empty_value_display = "—"

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        shown = []
        for index, (title, options) in enumerate(fieldsets):
            fields = [SHOWN_AS.get(name, name) for name in options["fields"] if name not in FORM_ONLY]
            if index == 0:
                fields.append("preview_link")
            shown.append((title, {**options, "fields": fields}))
        return shown

    @admin.display(description=_("body"))
    def body_as_read(self, obj):
        if not obj.body:
            return self.empty_value_display
        edition = get_edition(obj.edition)
        return format_html(
            '<div class="story-body-read" dir="{}" lang="{}">{}</div>',
            edition.direction,
            edition.code,
            mark_safe(sanitize_html(obj.body)),
        )

    @admin.display(description=_("section"))
    def section_named(self, obj):
        return section_label(obj.section, obj.edition)

    @admin.display(description=_("regions"))
    def regions_named(self, obj):
        names = [region_label(region.slug, obj.edition) for region in obj.regions.all()]
        return ", ".join(names) or self.empty_value_display

    @admin.display(description=_("read more"))
    def related_listed(self, obj):
        stories = list(obj.related.only("headline"))
        if not stories:
            return self.empty_value_display
        return format_html_join(", ", "{}", ((story.headline,) for story in stories))

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("admin:articles_article_preview", args=[obj.pk]),
            _("See the story as readers will"),
        )
