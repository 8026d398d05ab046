"""``manage.py prune_audit_log [--days N]``: remove audit entries older than the retention period."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.services import prune


class Command(BaseCommand):
    help = "Remove audit log entries older than NEWSROOM_AUDIT_RETENTION_DAYS (or --days). Run it daily."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, help=f"Keep this many days (default {settings.NEWSROOM_AUDIT_RETENTION_DAYS})."
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1.")
        count = prune(days)
        self.stdout.write(self.style.SUCCESS(f"Removed {count} audit entries."))
