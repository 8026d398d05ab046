"""The admin site whose start page is the desk page (``desk.page``), with the list of everything below it."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from . import page


class DeskAdminSite(admin.AdminSite):
    index_template = "admin/desk/index.html"

    def index(self, request, extra_context=None):
        context = {"desk_blocks": page.blocks_for(request), **(extra_context or {})}
        return super().index(request, context)


class DeskAdminConfig(AdminConfig):
    """``django.contrib.admin`` with ``DeskAdminSite`` as ``admin.site`` (in ``INSTALLED_APPS`` in its place)."""

    default_site = "desk.sites.DeskAdminSite"
