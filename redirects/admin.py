"""Redirects in the admin: editors add, change, delete and search them, per edition."""

from django.contrib import admin

from .models import Redirect


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "new_path", "edition", "automatic", "modified_at"]
    list_filter = ["edition", "automatic"]
    search_fields = ["old_path", "new_path"]
    fields = ["edition", "old_path", "new_path", "automatic", "created_at", "modified_at"]
    readonly_fields = ["automatic", "created_at", "modified_at"]
