from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.roles import ROLE_PERMISSIONS
from taxonomy.defaults import apply_taxonomy


def create_taxonomy(apps, schema_editor):
    apply_taxonomy(
        apps.get_model("articles", "Section"),
        apps.get_model("articles", "SectionLabel"),
        apps.get_model("articles", "Region"),
        apps.get_model("articles", "RegionLabel"),
    )


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; roles need them now.
    for app_label in ("articles", "breaking", "taggit", "reversion", "auth"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True  # migration app stubs lack it; create_permissions checks it
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    admin, _ = Group.objects.get_or_create(name="Admin")
    admin.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=[
                "articles",
                "breaking",
                "taggit",
                "auth",
                "reversion",
            ]
        )
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[*ROLE_PERMISSIONS, "Admin"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("breaking", "0001_initial"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",
        ),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_taxonomy, migrations.RunPython.noop),
        migrations.RunPython(create_roles, remove_roles),
    ]
