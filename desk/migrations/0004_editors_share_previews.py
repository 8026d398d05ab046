"""Editors and admins share, read and withdraw preview links."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = ["add_previewlink", "change_previewlink", "view_previewlink"]
GROUPS = ["Editor", "Admin"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("desk")
    app_config.models_module = True  # migration app stubs lack it; create_permissions checks it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="desk", codename__in=GRANTS)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="desk", codename__in=GRANTS)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0003_preview_links"),
        ("articles", "0002_taxonomy_and_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
