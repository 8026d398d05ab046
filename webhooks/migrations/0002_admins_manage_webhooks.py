"""Admins register webhook endpoints and read the delivery log; no other role sees them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("webhooks")
    app_config.models_module = True  # migration app stubs lack it; create_permissions checks it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    admin = apps.get_model("auth", "Group").objects.filter(name="Admin").first()
    if admin is not None:
        admin.permissions.add(*apps.get_model("auth", "Permission").objects.filter(content_type__app_label="webhooks"))


def revoke(apps, schema_editor):
    admin = apps.get_model("auth", "Group").objects.filter(name="Admin").first()
    if admin is not None:
        admin.permissions.remove(*apps.get_model("auth", "Permission").objects.filter(content_type__app_label="webhooks"))


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_endpoints_and_deliveries"),
        ("articles", "0002_taxonomy_and_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
