"""Editors (and admins) write the fixed pages."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ["add_fixedpage", "change_fixedpage", "delete_fixedpage", "view_fixedpage"]
GRANTS = {"Editor": ALL, "Admin": ALL}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("pages")
    app_config.models_module = True  # migration app stubs lack it; create_permissions checks it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in GRANTS.items():
        group = Group.objects.filter(name=role).first()
        if group is not None:
            group.permissions.add(*Permission.objects.filter(content_type__app_label="pages", codename__in=codenames))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="pages", codename__in=GRANTS[group.name])
        )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_pages_from_templates"),
        ("articles", "0002_taxonomy_and_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
