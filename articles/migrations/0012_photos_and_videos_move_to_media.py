"""Photos and videos now live in ``media``; articles point at them there.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0011_tag_links_publication'),
        ('discovery', '0005_social_crops_move_to_media'),
        ('media', '0001_initial'),
        ('wire', '0005_photo_from_media'),
    ]

    operations = [
        # The tables stay where they are (the models keep them with ``db_table``): state only.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='photo',
                    name='uploaded_by',
                ),
                migrations.AlterField(
                    model_name='author',
                    name='photo',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='media.photo', verbose_name='photo'),
                ),
                migrations.AlterField(
                    model_name='galleryitem',
                    name='photo',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='media.photo', verbose_name='photo'),
                ),
                migrations.RemoveField(
                    model_name='video',
                    name='poster',
                ),
                migrations.AlterField(
                    model_name='article',
                    name='hero_photo',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='media.photo', verbose_name='main photo'),
                ),
                migrations.AlterField(
                    model_name='article',
                    name='video',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='articles', to='media.video', verbose_name='video'),
                ),
                migrations.DeleteModel(
                    name='Rendition',
                ),
                migrations.DeleteModel(
                    name='Photo',
                ),
                migrations.DeleteModel(
                    name='Video',
                ),
            ],
        ),
    ]
