"""``manage.py seed_demo``: fill an empty site with demo content in every edition.

Safe to run again: nothing that exists is duplicated or changed. ``bin/run``
calls it with ``--if-empty`` on every start, so only a brand-new site gets it.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import Article
from demo.seeder import DEMO_PASSWORD, Seeder, SeedError


class Command(BaseCommand):
    help = "Load invented demo stories, authors, pictures, breaking news and demo logins into every edition."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has any article.",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Article.objects.exists():
            self.stdout.write("The site already has articles; demo content not loaded.")
            return
        started = time.monotonic()
        try:
            with transaction.atomic():
                seeder = Seeder()
                report = seeder.run()
        except SeedError as error:
            raise CommandError(str(error)) from error
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Demo content for {', '.join(seeder.editions)} in {seconds:.1f} s."))
        for label in sorted(set(report.created) | set(report.existing)):
            self.stdout.write(f"  {label}: {report.created[label]} created, {report.existing[label]} already there")
        for code in seeder.editions:
            public = Article.objects.public().in_edition(code).count()
            total = Article.objects.in_edition(code).count()
            self.stdout.write(f"  edition {code}: {public} public articles of {total}")
        for username, group in report.users:
            self.stdout.write(f"  login {username!r} ({group}), password {DEMO_PASSWORD!r}")
        if not report.users:
            self.stdout.write("  demo logins already existed; their passwords were left alone.")
