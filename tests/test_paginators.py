"""The bounded paginator behind public listings and search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.paginators import BoundedPaginator
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("stories", "count", "pages", "truncated"), [(5, 5, 3, False), (6, 6, 3, False), (7, 6, 3, True)]
)
def test_counts_up_to_its_last_page(stories, count, pages, truncated):
    for _ in range(stories):
        ArticleFactory()
    paginator = BoundedPaginator(Article.objects.order_by("pk"), per_page=2, max_pages=3)
    assert (paginator.count, paginator.num_pages, paginator.is_truncated) == (count, pages, truncated)
    assert len(paginator.page(pages).object_list) == count - 2 * (pages - 1)


def test_counts_with_a_bounded_query():
    ArticleFactory()
    with CaptureQueriesContext(connection) as queries:
        assert BoundedPaginator(Article.objects.order_by("-publish_at"), per_page=20, max_pages=50).count == 1
    (sql,) = [query["sql"] for query in queries]
    assert "LIMIT 1001" in sql
    assert "ORDER BY" not in sql
