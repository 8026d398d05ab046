"""Sections and regions now live in ``taxonomy``; articles point at them there.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0012_photos_and_videos_move_to_media'),
        ('taxonomy', '0001_initial'),
        ('wire', '0006_section_from_taxonomy'),
    ]

    operations = [
        # The tables stay where they are (the models keep them with ``db_table``): state only.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='regionlabel',
                    name='owner',
                ),
                migrations.RemoveField(
                    model_name='section',
                    name='parent',
                ),
                migrations.AlterField(
                    model_name='article',
                    name='section',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='articles', to='taxonomy.section', verbose_name='section'),
                ),
                migrations.RemoveField(
                    model_name='sectionlabel',
                    name='owner',
                ),
                migrations.AlterField(
                    model_name='article',
                    name='regions',
                    field=models.ManyToManyField(blank=True, related_name='articles', to='taxonomy.region', verbose_name='regions'),
                ),
                migrations.DeleteModel(
                    name='Region',
                ),
                migrations.DeleteModel(
                    name='RegionLabel',
                ),
                migrations.DeleteModel(
                    name='Section',
                ),
                migrations.DeleteModel(
                    name='SectionLabel',
                ),
            ],
        ),
    ]
