"""A wire source's section is a ``taxonomy`` section now (the same table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("taxonomy", "0001_initial"),
        ("wire", "0005_photo_from_media"),
    ]

    operations = [
        # The table stays where it is (the model keeps it with ``db_table``): state only.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="wiresource",
                    name="section",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="Where new drafts are filed; empty for the default wire section.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="taxonomy.section",
                        verbose_name="section",
                    ),
                ),
            ],
        ),
    ]
