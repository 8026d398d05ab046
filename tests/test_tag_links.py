"""Tag links carry their article's edition and publication time, so a tag's newest stories come from one index."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, ArticleTag
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def link(article):
    return ArticleTag.objects.get(content_object=article)


def test_a_new_tag_link_copies_the_articles_edition_and_publication_time():
    article = ArticleFactory(edition="es", slug="puerto", tags=["puertos"])
    assert (link(article).edition, link(article).publish_at) == ("es", article.publish_at)


def test_tag_links_follow_the_article_when_it_is_rescheduled():
    article = ArticleFactory(tags=["ferries", "harbours"])
    article.publish_at = timezone.now() - timedelta(days=3)
    article.save()
    assert set(ArticleTag.objects.filter(content_object=article).values_list("publish_at", flat=True)) == {
        article.publish_at
    }


def test_tagged_gives_the_newest_public_stories_of_the_edition():
    now = timezone.now()
    stories = [ArticleFactory(tags=["ferries"], publish_at=now - timedelta(hours=hours)) for hours in (1, 2, 3)]
    ArticleFactory(tags=["ferries"], edition="es", slug="otro")
    ArticleFactory(tags=["ferries"], status=Article.Status.SCHEDULED, publish_at=now + timedelta(hours=1))
    tag = stories[0].tags.get()
    newest = Article.objects.public().tagged(tag, "en", newest=2).latest()
    assert list(newest) == stories[:2]


def test_tag_page_goes_back_a_bounded_number_of_pages(client, uncached, monkeypatch):
    monkeypatch.setattr("articles.paginators.MAX_PAGES", 2)
    for _ in range(45):
        ArticleFactory(tags=["ferries"])
    assert client.get("/en/tag/ferries/?page=2").status_code == 200
    assert client.get("/en/tag/ferries/?page=3").status_code == 404
