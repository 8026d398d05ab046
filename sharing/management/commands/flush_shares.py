"""Write counted shares to the articles now (shares write themselves each minute while readers share)."""

from django.core.management.base import BaseCommand

from sharing.shares import flush


class Command(BaseCommand):
    help = "Write the share counts kept in the cache to the articles, including the current minute."

    def handle(self, *args, **options):
        written = flush(including_current=True)
        self.stdout.write(f"{written} shares written.")
