"""Admins see the task queue and its workers in the admin (read-only pages)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {"django_tasks_database": ["view_dbtaskresult"], "tasks": ["view_worker"]}


def grant(apps, schema_editor):
    for label in GRANTS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True  # migration app stubs lack it; create_permissions checks it
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    admin = apps.get_model("auth", "Group").objects.filter(name="Admin").first()
    if admin is None:
        return
    Permission = apps.get_model("auth", "Permission")
    for label, codenames in GRANTS.items():
        admin.permissions.add(*Permission.objects.filter(content_type__app_label=label, codename__in=codenames))


def revoke(apps, schema_editor):
    admin = apps.get_model("auth", "Group").objects.filter(name="Admin").first()
    if admin is not None:
        Permission = apps.get_model("auth", "Permission")
        for label, codenames in GRANTS.items():
            admin.permissions.remove(*Permission.objects.filter(content_type__app_label=label, codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0001_workers"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("articles", "0002_taxonomy_and_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
