"""The benchmark archive is searched through the same index as the site's (SQLite and PostgreSQL).

``bench.generate`` builds the search documents in bulk; each one must be what
``discovery.search.index_article`` stores when it indexes the same article.
"""

import pytest
from django.db import connection
from django.db.models import Count, Sum, TextField
from django.db.models.functions import Cast

from articles.models import Article
from bench import generate
from discovery.models import SearchDocument, SitemapMonth
from discovery.search import FTS_TABLE, index_article

pytestmark = pytest.mark.django_db

ARCHIVE_SIZE = 30
# Words the site's indexing changes: Arabic marks and letter forms, an entity, markup, a control character.
AWKWARD_WORDS = ["مُدِينَة", "أخبار", "R&amp;D", "a<b", "bell\x07ring", "año"]


@pytest.fixture
def archive(monkeypatch):
    monkeypatch.setattr(generate, "WORDS", [*generate.WORDS[:20], *AWKWARD_WORDS])
    monkeypatch.setattr(generate, "PHOTO_FILES", 1)
    monkeypatch.setattr(generate, "PHOTO_ROWS", 1)
    generate.generate(ARCHIVE_SIZE)
    return Article.objects.order_by("pk")


def indexed(article):
    """The article's search document and, on SQLite, its FTS5 row."""
    entry = (
        SearchDocument.objects.filter(article=article)
        .values("text", "edition", "publish_at", vector_text=Cast("vector", TextField()))
        .get()
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT headline, tags, text FROM {FTS_TABLE} WHERE rowid = %s", [article.pk])
            entry["fts"] = cursor.fetchall()
    return entry


def test_generated_search_documents_are_the_ones_the_site_makes(archive):
    assert len(archive) == ARCHIVE_SIZE
    assert {article.edition for article in archive} == set(generate.EDITIONS)
    for article in archive:
        generated = indexed(article)
        index_article(article)
        assert indexed(article) == generated, f"article {article.pk} ({article.edition})"


def test_generated_tag_links_and_sitemap_months_follow_their_articles(archive):
    for article in archive:
        links = set(article.tagged_items.values_list("edition", "publish_at"))
        assert links <= {(article.edition, article.publish_at)}, f"article {article.pk}"
    counted = dict(SitemapMonth.objects.values_list("edition").annotate(Sum("articles")).order_by())
    public = dict(Article.objects.public().values_list("edition").annotate(Count("pk")).order_by())
    assert counted == public
