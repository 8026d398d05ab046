"""``manage.py restore FOLDER`` replaces the database and media; ``--check`` only proves it would work."""

from django.core.management.base import BaseCommand, CommandError

from backups.manifest import BackupError
from backups.services import check_backup, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: everything now in the database is replaced. "
        "With --check, restore it into a scratch database instead and compare its rows with the manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            help="The folder written by `manage.py backup`, or the name of a backup in NEWSROOM_BACKUP_DIR "
            "or in the backup bucket (BACKUP_STORAGE_URL), which is fetched first.",
        )
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation (for scripts and tests).")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Restore into a scratch database, verify counts and a sample of rows, drop it; the site is untouched.",
        )

    def handle(self, *args, folder, yes=False, check=False, **options):
        try:
            if check:
                self.verify(folder)
                return
            if not yes:
                answer = input(f"This replaces ALL content in the database with {folder}. Type 'yes' to continue: ")
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled; nothing was changed.")
            manifest = restore_backup(folder)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["inventory"]["counts"].values())
        self.stdout.write(self.style.SUCCESS(f"Restored {rows} rows from the backup made {manifest['created_at']}."))

    def verify(self, folder):
        manifest, problems = check_backup(folder)
        if problems:
            raise CommandError(f"The backup in {folder} does not restore faithfully:\n  " + "\n  ".join(problems))
        counts, sample = manifest["inventory"]["counts"], manifest["inventory"]["sample"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Check passed: {len(counts)} tables and {sum(counts.values())} rows restored into a scratch database, "
                f"{sum(map(len, sample.values()))} sampled rows identical; the live database was not touched."
            )
        )
