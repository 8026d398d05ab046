"""``manage.py backup [FOLDER]``: the database and media into a new folder (see ``backups``)."""

from django.core.management.base import BaseCommand, CommandError

from backups import remote
from backups.manifest import BackupError
from backups.services import create_backup, default_folder, local_backups, located


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump -Fd -j on PostgreSQL, the online backup API on SQLite) and the media "
        "(files unchanged since the previous backup are hard links to it), then copy it to the backup bucket "
        "when BACKUP_STORAGE_URL is set."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            nargs="?",
            help="A new folder for the backup. Default: NEWSROOM_BACKUP_DIR/newsroom-<UTC time>.",
        )
        parser.add_argument(
            "--upload",
            action="store_true",
            help="Copy the existing backup in FOLDER to the backup bucket (after an upload that failed).",
        )
        parser.add_argument(
            "--list", action="store_true", help="List the backups in NEWSROOM_BACKUP_DIR and in the backup bucket."
        )

    def handle(self, *args, folder=None, upload=False, **options):
        try:
            if options["list"]:
                self.list_backups()
            elif upload:
                self.upload(folder)
            else:
                self.back_up(folder or default_folder())
        except BackupError as exc:
            raise CommandError(str(exc)) from exc

    def back_up(self, folder):
        manifest = create_backup(folder)
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
        if "uploaded" in manifest:
            self.report_upload(manifest["uploaded"])

    def upload(self, folder):
        if not folder:
            raise CommandError("--upload needs the FOLDER of the backup to copy.")
        if not remote.configured():
            raise CommandError("There is no backup bucket: set BACKUP_STORAGE_URL (s3://bucket/prefix?endpoint_url=…).")
        self.report_upload(remote.upload(located(folder)))

    def report_upload(self, uploaded):
        self.stdout.write(self.style.SUCCESS(f"Copied {uploaded['files']} files to {uploaded['to']}"))

    def list_backups(self):
        places = [("this machine", local_backups())]
        if remote.configured():
            places.append((remote.where(), remote.names()))
        for place, names in places:
            self.stdout.write(f"{place}:")
            self.stdout.write("\n".join(f"  {name}" for name in names) if names else "  (none)")
