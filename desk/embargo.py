"""The desk list's embargo filter: the stories nobody may publish yet, and those whose embargo has lifted."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmbargoFilter(admin.SimpleListFilter):
    title = _("embargo")
    parameter_name = "embargo"

    def lookups(self, request, model_admin):
        return [("under", _("Under embargo")), ("lifted", _("Embargo lifted"))]

    def queryset(self, request, queryset):
        if self.value() == "under":
            return queryset.under_embargo()
        if self.value() == "lifted":
            return queryset.filter(embargo_until__lte=timezone.now())
        return queryset
