"""Let editors (and admins) write corrections and reporters read them.

Roles were created in 0002, before the Correction model existed, so its
permissions are granted here; ``articles.roles.ROLE_PERMISSIONS`` lists them too.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Editor": ["add_correction", "change_correction", "delete_correction", "view_correction"],
    "Admin": ["add_correction", "change_correction", "delete_correction", "view_correction"],
    "Reporter": ["view_correction"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True  # migration app stubs lack it; create_permissions checks it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in GRANTS.items():
        group = Group.objects.filter(name=role).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(codename__in=GRANTS[group.name]))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_article_tags"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
