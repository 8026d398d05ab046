"""Social crops now live in ``media``.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("discovery", "0004_sitemap_month"),
        ("media", "0001_initial"),
    ]

    operations = [
        # The tables stay where they are (the models keep them with ``db_table``): state only.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='SocialCrop',
                ),
            ],
        ),
    ]
