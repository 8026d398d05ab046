from django.core.management import call_command
from django.db import migrations, models


def count_months(apps, schema_editor):
    # Existing archives are counted once here; saves keep the months current from then on. It runs
    # the command's (current) code: the tally is derived data, rebuilt whole, so nothing depends on
    # the schema this migration saw.
    call_command("rebuild_sitemap_months", verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_tag_links_publication"),
        ("discovery", "0003_search_document_publication"),
    ]

    operations = [
        migrations.CreateModel(
            name="SitemapMonth",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("edition", models.CharField(max_length=8)),
                ("month", models.DateField(help_text="The first day of the month.")),
                ("articles", models.PositiveIntegerField(default=0)),
                ("last_modified", models.DateTimeField(null=True)),
                ("pending_from", models.DateTimeField(null=True)),
            ],
            options={
                "verbose_name": "sitemap month",
                "verbose_name_plural": "sitemap months",
                "constraints": [models.UniqueConstraint(fields=("edition", "month"), name="unique_sitemap_month")],
            },
        ),
        migrations.RunPython(count_months, migrations.RunPython.noop),
    ]
