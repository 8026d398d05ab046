"""The hot listing queries read indexes, not the whole article table (PostgreSQL).

An archive of 30,000 articles is generated the way the benchmark does it
(``bench.generate``), statistics are gathered, and every query the busiest
pages send is EXPLAINed: none may read ``articles_article`` sequentially.
Counting queries (the paginators' ``COUNT(*)``) are exempt: when most of an
edition is public, reading the table is how the planner rightly counts it.
"""

from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Author
from taxonomy.models import Region, Section

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
]

ARCHIVE_SIZE = 30_000


@pytest.fixture
def archive(uncached, tmp_path):
    from bench.generate import generate

    generate(ARCHIVE_SIZE)
    article = Article.objects.public().in_edition("en").select_related("section").latest().first()
    subsection = Section.objects.filter(parent__isnull=False).first()
    return {
        "home": "/en/",
        "section": f"/en/{subsection.parent.slug}/",
        "subsection": f"/en/{subsection.slug}/",
        "article": article.get_absolute_url(),
        "tag": f"/en/tag/{article.tags.first().slug}/",
        "author": f"/en/author/{Author.objects.filter(edition='en').first().slug}/",
        "region": f"/en/region/{Region.objects.first().slug}/",
        "feed": "/en/feeds/rss.xml",
        "tag feed": f"/en/feeds/tag/{article.tags.first().slug}/rss.xml",
        "search": "/en/search/?q=harbour+ferry",
        "api list": "/api/v1/articles/?edition=en",
        "api list, all editions": "/api/v1/articles/",
        "live": "/en/live/",
        "sitemap index": "/sitemap.xml",
        "sitemap month": f"/sitemap-articles-en-{article.publish_at.astimezone(UTC) - timedelta(days=60):%Y-%m}.xml",
        "news sitemap": "/sitemap-news-en.xml",
        "tag sitemap": "/sitemap-tags-en.xml",
        "region sitemap": "/sitemap-regions.xml",
        "author sitemap": "/sitemap-authors.xml",
    }


def plan(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def desk_pages():
    """The desk's article list as editors use it all day: paged, sorted, filtered, searched."""
    story = Article.objects.filter(edition="en").select_related("section").first()
    author = story.bylines.first().author_id
    pages = {"desk list": "", "desk page 2": "?p=2", "desk search": "?q=harbour", "desk author": f"?author={author}"}
    pages |= {f"desk sorted by {column}": f"?o={column}" for column in ("1", "-2", "3", "6")}
    pages |= {
        "desk drafts": "?status__exact=draft",
        "desk edition": "?edition__exact=ar",
        "desk kind": "?kind__exact=opinion",
        "desk mine": "?mine=1",
        "desk section": f"?section__id__exact={story.section_id}",
        "desk region": f"?region={Region.objects.first().pk}",
        "desk this week": "?publish_at__gte=2026-01-01",
    }
    return {name: f"/admin/articles/article/{query}" for name, query in pages.items()}


def test_hot_pages_never_scan_the_article_table(client, admin_client, archive):
    scans = {}
    pages = [(client, name, url) for name, url in archive.items()]
    pages += [(admin_client, name, url) for name, url in desk_pages().items()]
    for browser, name, url in pages:
        browser.get(url)  # menus, ticker and Most Read into the cache
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(url).status_code == 200, url
        for query in queries.captured_queries:
            sql = query["sql"]
            if "articles_article" not in sql or sql.lstrip().upper().startswith("SELECT COUNT("):
                continue
            explained = plan(sql, None)
            if "Seq Scan on articles_article " in explained + " ":
                scans.setdefault(name, []).append(f"{sql[:300]}\n{explained}")
    assert not scans, "\n\n".join(f"{name}:\n" + "\n".join(found) for name, found in scans.items())
