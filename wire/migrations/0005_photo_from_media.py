"""A wire item's photo is a ``media`` photo now (the same table).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('media', '0001_initial'),
        ('wire', '0004_versions'),
    ]

    operations = [
        # The tables stay where they are (the models keep them with ``db_table``): state only.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='wireitem',
                    name='photo',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='media.photo', verbose_name='photo'),
                ),
            ],
        ),
    ]
