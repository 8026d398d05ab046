"""Editors make and send briefings; Admins also see (and may remove) subscribers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITING = ["add_briefing", "change_briefing", "view_briefing", "add_briefingstory", "change_briefingstory"]
EDITING += ["delete_briefingstory", "view_briefingstory"]
GRANTS = {"Editor": EDITING, "Admin": [*EDITING, "view_subscriber", "delete_subscriber", "delete_briefing"]}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("briefings")
    app_config.models_module = True  # migration app stubs lack it; create_permissions checks it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="briefings", codename__in=GRANTS[group.name])
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="briefings", codename__in=GRANTS[group.name])
        )


class Migration(migrations.Migration):
    dependencies = [
        ("briefings", "0001_subscribers_and_briefings"),
        ("articles", "0002_taxonomy_and_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
