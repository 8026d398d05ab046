"""The addresses the benchmark measures, picked from the generated archive (one per line: name path)."""

import os
import sys
from datetime import UTC, timedelta

import django


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    from articles.models import Article

    article = Article.objects.public().in_edition("en").select_related("section").latest().first()
    if article is None:
        sys.exit("No public English article: generate the archive first.")
    tag = article.tags.first()
    year_ago = article.publish_at - timedelta(days=365)  # a full month of the archive
    targets = {
        "home": "/en/",
        "section": f"/en/{article.section.slug}/",
        "article": article.get_absolute_url(),
        "tag": f"/en/tag/{tag.slug}/",
        "search": "/en/search/?q=harbour+ferry",
        "ticker": "/en/breaking.json",
        "api-list": "/api/v1/articles/?edition=en",
        "sitemap-index": "/sitemap.xml",
        "sitemap-month": f"/sitemap-articles-en-{year_ago.astimezone(UTC):%Y-%m}.xml",
    }
    for name, path in targets.items():
        print(name, path)


if __name__ == "__main__":
    main()
