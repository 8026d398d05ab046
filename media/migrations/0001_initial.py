"""Photos, videos, renditions and social crops move here from ``articles`` and ``discovery``.

Their tables keep their names (``db_table``), so nothing is copied; their content types (and so
their permissions, revisions and admin log entries) are renamed to this app.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from ops.moves import rename_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("articles", "0011_tag_links_publication"),
        ("discovery", "0004_sitemap_month"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        # The tables stay where they are (the models keep them with ``db_table``): state only.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Photo',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('image', models.ImageField(height_field='height', upload_to='photos/%Y/%m/', verbose_name='image', width_field='width')),
                        ('width', models.PositiveIntegerField(editable=False, null=True)),
                        ('height', models.PositiveIntegerField(editable=False, null=True)),
                        ('caption', models.CharField(blank=True, max_length=500, verbose_name='caption')),
                        ('credit', models.CharField(blank=True, help_text='Who owns it, e.g. “AP”.', max_length=120, verbose_name='credit')),
                        ('alt_text', models.CharField(help_text='What the picture shows, for readers who cannot see it. Required.', max_length=300, verbose_name='alt text')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded')),
                        ('uploaded_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'photo',
                        'verbose_name_plural': 'photos',
                        'db_table': 'articles_photo',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Video',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('embed_url', models.URLField(blank=True, help_text='The player address (https) from YouTube, Vimeo or similar.', verbose_name='embed URL')),
                        ('file', models.FileField(blank=True, upload_to='videos/%Y/%m/', verbose_name='video file')),
                        ('duration', models.DurationField(blank=True, help_text='hh:mm:ss', null=True, verbose_name='duration')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('poster', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='media.photo', verbose_name='poster')),
                    ],
                    options={
                        'verbose_name': 'video',
                        'verbose_name_plural': 'videos',
                        'db_table': 'articles_video',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Rendition',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('width', models.PositiveIntegerField()),
                        ('height', models.PositiveIntegerField()),
                        ('format', models.CharField(choices=[('webp', 'WebP'), ('jpeg', 'JPEG')], max_length=4)),
                        ('file', models.ImageField(upload_to='renditions/%Y/%m/')),
                        ('source_name', models.CharField(help_text='The photo file this was made from; a new upload makes new renditions.', max_length=255)),
                        ('photo', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='renditions', to='media.photo')),
                    ],
                    options={
                        'verbose_name': 'rendition',
                        'verbose_name_plural': 'renditions',
                        'db_table': 'articles_rendition',
                        'ordering': ['format', 'width'],
                        'constraints': [models.UniqueConstraint(fields=('photo', 'format', 'width'), name='unique_rendition_size')],
                    },
                ),
                migrations.CreateModel(
                    name='SocialCrop',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('ratio', models.CharField(choices=[('16x9', '16:9'), ('4x3', '4:3'), ('1x1', '1:1')], max_length=4)),
                        ('image', models.ImageField(height_field='height', upload_to='photos/crops/%Y/%m/', width_field='width')),
                        ('width', models.PositiveIntegerField(null=True)),
                        ('height', models.PositiveIntegerField(null=True)),
                        ('source_name', models.CharField(help_text='The photo file this was cut from; a new upload makes new crops.', max_length=255)),
                        ('photo', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='social_crops', to='media.photo')),
                    ],
                    options={
                        'verbose_name': 'social crop',
                        'verbose_name_plural': 'social crops',
                        'db_table': 'discovery_socialcrop',
                        'ordering': ['photo', 'ratio'],
                        'constraints': [models.UniqueConstraint(fields=('photo', 'ratio'), name='unique_social_crop_ratio')],
                    },
                ),
            ],
        ),
        rename_content_types({("articles", "media"): ["photo", "video", "rendition"], ("discovery", "media"): ["socialcrop"]}),
    ]
