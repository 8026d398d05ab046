"""Sections and regions, with their names per edition, move here from ``articles``.

Their tables keep their names (``db_table``); their content types (and so the roles' permissions)
are renamed to this app.
"""

import django.db.models.deletion
import editions.fields
import taxonomy.models
from django.db import migrations, models

from ops.moves import rename_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("articles", "0012_photos_and_videos_move_to_media"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # The tables stay where they are (the models keep them with ``db_table``): state only.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Region',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text='Default name, used when an edition has none.', max_length=80, verbose_name='name')),
                        ('slug', models.SlugField(max_length=80, unique=True, validators=[taxonomy.models.validate_not_reserved], verbose_name='slug')),
                        ('position', models.PositiveSmallIntegerField(default=0, help_text='Menu order, lowest first.', verbose_name='position')),
                    ],
                    options={
                        'verbose_name': 'region',
                        'verbose_name_plural': 'regions',
                        'db_table': 'articles_region',
                        'ordering': ['position', 'name'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='Section',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text='Default name, used when an edition has none.', max_length=80, verbose_name='name')),
                        ('slug', models.SlugField(max_length=80, unique=True, validators=[taxonomy.models.validate_not_reserved], verbose_name='slug')),
                        ('position', models.PositiveSmallIntegerField(default=0, help_text='Menu order, lowest first.', verbose_name='position')),
                        ('parent', models.ForeignKey(blank=True, help_text='Leave empty for a top-level menu entry. Only two levels are allowed.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='taxonomy.section', verbose_name='parent section')),
                    ],
                    options={
                        'verbose_name': 'section',
                        'verbose_name_plural': 'sections',
                        'db_table': 'articles_section',
                        'ordering': ['position', 'name'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='RegionLabel',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('edition', editions.fields.EditionField(choices=[('en', 'English'), ('ar', 'Arabic'), ('es', 'Spanish')], db_index=True, max_length=5, verbose_name='edition')),
                        ('name', models.CharField(max_length=80, verbose_name='name')),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='labels', to='taxonomy.region')),
                    ],
                    options={
                        'verbose_name': 'name in an edition',
                        'verbose_name_plural': 'names in editions',
                        'db_table': 'articles_regionlabel',
                        'constraints': [models.UniqueConstraint(fields=('owner', 'edition'), name='unique_region_label')],
                    },
                ),
                migrations.CreateModel(
                    name='SectionLabel',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('edition', editions.fields.EditionField(choices=[('en', 'English'), ('ar', 'Arabic'), ('es', 'Spanish')], db_index=True, max_length=5, verbose_name='edition')),
                        ('name', models.CharField(max_length=80, verbose_name='name')),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='labels', to='taxonomy.section')),
                    ],
                    options={
                        'verbose_name': 'name in an edition',
                        'verbose_name_plural': 'names in editions',
                        'db_table': 'articles_sectionlabel',
                        'constraints': [models.UniqueConstraint(fields=('owner', 'edition'), name='unique_section_label')],
                    },
                ),
            ],
        ),
        rename_content_types({("articles", "taxonomy"): ["section", "sectionlabel", "region", "regionlabel"]}),
    ]
