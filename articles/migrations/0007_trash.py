"""Soft delete: deleted articles go to a trash that editors restore from and admins purge.

Editors may see the trash and restore (``change``); only the Admin role may
delete permanently (``delete``); reporters do not see it.
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GRANTS = {
    "Editor": ["view_trashedarticle", "change_trashedarticle"],
    "Admin": ["view_trashedarticle", "change_trashedarticle", "delete_trashedarticle"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True  # migration app stubs lack it; create_permissions checks it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=GRANTS[group.name])
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(codename__in=GRANTS[group.name]))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_correction_permissions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="TrashedArticle",
            fields=[],
            options={
                "verbose_name": "article in the trash",
                "verbose_name_plural": "trash",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("articles.article",),
        ),
        migrations.AddField(
            model_name="article",
            name="deleted_at",
            field=models.DateTimeField(
                blank=True,
                db_index=True,
                editable=False,
                help_text="Set when the article is deleted: it leaves the site but can be restored from the trash.",
                null=True,
                verbose_name="moved to trash",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="deleted_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="moved to trash by",
            ),
        ),
        migrations.RunPython(grant, revoke),
    ]
