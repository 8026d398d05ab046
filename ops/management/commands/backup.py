"""``manage.py backup [PATH]``: the database and media in one .tar.gz (see ``ops.backup``)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from ops.backup import create_backup


class Command(BaseCommand):
    help = "Write a backup archive (database as JSON with natural keys, plus all media files)."

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="Where to write the archive. Default: backups/newsroom-<UTC time>.tar.gz in the project folder.",
        )

    def handle(self, *args, path=None, **options):
        if path is None:
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            path = Path(settings.BASE_DIR) / "backups" / f"newsroom-{stamp}.tar.gz"
        manifest = create_backup(path)
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {manifest['rows']} rows and {manifest['media_files']} media files to {path}")
        )
