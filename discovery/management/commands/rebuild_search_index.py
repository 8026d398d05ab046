"""Re-index every article for search, e.g. after installing or upgrading the discovery app."""

from django.core.management.base import BaseCommand

from articles.models import Article
from discovery.search import index_article


class Command(BaseCommand):
    help = "Rebuild the full-text search index (PostgreSQL tsvectors or the SQLite FTS5 table) for all articles."

    def handle(self, *args, **options):
        count = 0
        for article in Article.objects.prefetch_related("tags").iterator(chunk_size=500):
            index_article(article)
            count += 1
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} articles."))
