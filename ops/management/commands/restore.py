"""``manage.py restore PATH``: replace the database content and media with a backup's."""

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup`. Everything now in the database is replaced."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .tar.gz archive written by `manage.py backup`.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation (for scripts and tests).")

    def handle(self, *args, path, yes=False, **options):
        if not yes:
            answer = input(f"This replaces ALL content in the database with {path}. Type 'yes' to continue: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            manifest = restore_backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {manifest['rows']} rows and {manifest['media_files']} media files "
                f"from a backup made {manifest['created_at']}."
            )
        )
