"""The Admin role reads the audit log in the admin (nobody may add, change or delete entries)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAME = "view_auditentry"


def admins(apps):
    return apps.get_model("auth", "Group").objects.filter(name="Admin").first()


def grant(apps, schema_editor):
    app_config = apps.get_app_config("audit")
    app_config.models_module = True  # migration app stubs lack it; create_permissions checks it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group = admins(apps)
    if group is not None:
        Permission = apps.get_model("auth", "Permission")
        group.permissions.add(*Permission.objects.filter(content_type__app_label="audit", codename=CODENAME))


def revoke(apps, schema_editor):
    group = admins(apps)
    if group is not None:
        Permission = apps.get_model("auth", "Permission")
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="audit", codename=CODENAME))


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_entries"), ("articles", "0002_taxonomy_and_roles")]

    operations = [migrations.RunPython(grant, revoke)]
