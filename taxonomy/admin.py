"""Sections and regions in the admin, with their names in each edition."""

from django.contrib import admin

from .models import Region, RegionLabel, Section, SectionLabel


class SectionLabelInline(admin.TabularInline):
    model = SectionLabel
    extra = 0


class RegionLabelInline(admin.TabularInline):
    model = RegionLabel
    extra = 0


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug", "position"]
    list_editable = ["position"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug", "labels__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SectionLabelInline]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug", "labels__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RegionLabelInline]
