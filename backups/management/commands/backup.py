"""``manage.py backup [FOLDER]``: the database and media into a new folder (see ``backups``)."""

from django.core.management.base import BaseCommand, CommandError

from backups.manifest import BackupError
from backups.services import create_backup, default_folder


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump -Fd -j on PostgreSQL, the online backup API on SQLite) and the media "
        "(files unchanged since the previous backup are hard links to it)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            nargs="?",
            help="A new folder for the backup. Default: NEWSROOM_BACKUP_DIR/newsroom-<UTC time>.",
        )

    def handle(self, *args, folder=None, **options):
        folder = folder or default_folder()
        try:
            manifest = create_backup(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["inventory"]["counts"].values())
        media = manifest["media"]
        files = (
            f"{media['files']} media files ({media['copied']} copied, {media['linked']} linked to the previous backup)"
            if media["kept_in"] == "backup"
            else "media left to the object store"
        )
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {rows} rows and {files} in {manifest['seconds']} s to {folder}")
        )
