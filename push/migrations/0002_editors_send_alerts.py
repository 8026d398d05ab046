"""Editors and Admins send push alerts and see them; Admins also see the subscriptions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Editor": ["send_alert", "view_alert"],
    "Admin": ["send_alert", "view_alert", "view_subscription", "delete_subscription"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("push")
    app_config.models_module = True  # migration app stubs lack it; create_permissions checks it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.add(*Permission.objects.filter(content_type__app_label="push", codename__in=GRANTS[group.name]))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="push", codename__in=GRANTS[group.name]))


class Migration(migrations.Migration):
    dependencies = [
        ("push", "0001_subscriptions_and_alerts"),
        ("articles", "0002_taxonomy_and_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
