"""Count every edition's articles per month again for the sitemap index (after bulk loads or a restore)."""

from django.core.management.base import BaseCommand

from discovery.sitemaps import rebuild_months


class Command(BaseCommand):
    help = "Rebuild the sitemap months (SitemapMonth) from the articles; saves keep them current afterwards."

    def handle(self, *args, **options):
        months = rebuild_months()
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Counted {months} edition months."))
