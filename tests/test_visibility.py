"""Drafts, review and scheduled content never reach readers; scheduled content goes live by itself."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HIDDEN = [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.UNPUBLISHED]


@pytest.mark.parametrize("status", HIDDEN)
def test_unpublished_states_are_not_public(status):
    ArticleFactory(status=status)
    assert not Article.objects.public().exists()


@pytest.mark.parametrize("status", HIDDEN)
def test_unpublished_states_are_absent_from_pages(client, status):
    article = ArticleFactory(status=status, headline="Secret draft headline")
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Secret draft headline" not in client.get("/en/").content.decode()
    assert "Secret draft headline" not in client.get("/en/politics/").content.decode()


def test_scheduled_article_is_hidden_until_its_time_then_public_without_any_job(client):
    publish_at = timezone.now() + timedelta(hours=2)
    article = ArticleFactory(status=Article.Status.SCHEDULED, publish_at=publish_at, headline="Embargoed budget")
    assert client.get(article.get_absolute_url()).status_code == 404
    assert not Article.objects.public().exists()
    with time_machine.travel(publish_at + timedelta(seconds=1)):
        assert list(Article.objects.public()) == [article]
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert "Embargoed budget" in client.get("/en/").content.decode()


def test_published_article_with_a_future_time_waits_for_it():
    ArticleFactory(status=Article.Status.PUBLISHED, publish_at=timezone.now() + timedelta(minutes=5))
    assert not Article.objects.public().exists()


def test_public_pages_only_show_their_own_edition(client):
    ArticleFactory(edition="es", headline="Noticia en español")
    assert "Noticia en español" not in client.get("/en/").content.decode()
    assert "Noticia en español" in client.get("/es/").content.decode()


def test_article_from_another_edition_is_not_found_under_this_one(client):
    article = ArticleFactory(edition="es", slug="acuerdo")
    assert client.get("/en/politics/acuerdo/").status_code == 404
    assert client.get(article.get_absolute_url()).status_code == 200


def test_wrong_section_in_the_address_redirects_to_the_canonical_one(client):
    article = ArticleFactory(slug="treaty")
    response = client.get("/en/economy/treaty/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_arabic_article_is_served_at_its_unicode_address(client):
    article = ArticleFactory(edition="ar", headline="اتفاق", slug="اتفاق-تاريخي")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "اتفاق" in response.content.decode()
