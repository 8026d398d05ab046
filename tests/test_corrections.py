"""Editors attach dated corrections and update notes to published articles from the article form."""

import pytest
from django.urls import reverse

from articles.models import Correction
from tests.factories import ArticleFactory
from tests.test_admin_workflow import form_data

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_article_form_offers_the_corrections_inline(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    body = client.get(change_url(article)).content.decode()
    assert 'name="corrections-TOTAL_FORMS"' in body


def test_editor_adds_a_correction_that_readers_see_under_the_headline(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    data = form_data(article)
    data.update(
        {
            "corrections-TOTAL_FORMS": "1",
            "corrections-INITIAL_FORMS": "0",
            "corrections-MIN_NUM_FORMS": "0",
            "corrections-MAX_NUM_FORMS": "1000",
            "corrections-0-kind": "update",
            "corrections-0-text": "Adds the final vote count.",
            "corrections-0-created_at_0": "2026-01-02",
            "corrections-0-created_at_1": "10:30:00",
        }
    )
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    correction = Correction.objects.get(article=article)
    assert (correction.kind, correction.text) == (Correction.Kind.UPDATE, "Adds the final vote count.")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Adds the final vote count." in page


def test_corrections_are_listed_oldest_first():
    article = ArticleFactory()
    later = Correction.objects.create(article=article, text="Second.")
    earlier = Correction.objects.create(article=article, text="First.", created_at=later.created_at.replace(year=2020))
    assert list(article.corrections.all()) == [earlier, later]
