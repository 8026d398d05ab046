"""``python manage.py ingest_ninjs PATH...``: ``ingest_wire`` for folders of ninjs files (*.json) only."""

from .ingest_wire import Command as IngestWireCommand


class Command(IngestWireCommand):
    help = "Like ingest_wire, but a folder gives only its ninjs files (*.json)."
    suffixes = {".json"}
