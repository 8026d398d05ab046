"""Fixed pages in the admin: one per address and edition, written with the same editor as stories."""

from django import forms
from django.contrib import admin
from tinymce.widgets import TinyMCE

from .models import FixedPage


class FixedPageForm(forms.ModelForm):
    class Meta:
        model = FixedPage
        fields = ["edition", "title", "slug", "standfirst", "body", "in_footer", "position"]
        widgets = {"body": TinyMCE(attrs={"cols": 80, "rows": 24})}


@admin.register(FixedPage)
class FixedPageAdmin(admin.ModelAdmin):
    form = FixedPageForm
    list_display = ["title", "edition", "slug", "in_footer", "position", "updated_at"]
    list_filter = ["edition", "in_footer"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["updated_at"]
    view_on_site = True
    ordering = ["edition", "position", "title"]
