"""The database-specific halves of the search index.

PostgreSQL gets a GIN index on ``SearchDocument.vector``; SQLite gets the FTS5
table ``discovery_fts`` (rowid = article id) that ``discovery.search`` keeps
current. Each database skips the other's half, so the same migration history
works on both. Articles that existed before are indexed by
``manage.py rebuild_search_index``.
"""

from django.db import migrations

GIN_INDEX = "discovery_searchdocument_vector_gin"
FTS_TABLE = "discovery_fts"


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON discovery_searchdocument USING gin (vector)")
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "headline, tags, text, tokenize = 'porter unicode61 remove_diacritics 2')"
        )


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
    elif vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("discovery", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
