"""A draft's preview is drawn in its own edition's frame, whatever language the admin is in."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static_storage")]


def preview(client, article):
    return client.get(reverse("admin:articles_article_preview", args=[article.pk]))


def test_an_arabic_draft_previews_in_the_arabic_frame_from_the_english_admin(admin_client):
    draft = ArticleFactory(edition="ar", status=Article.Status.DRAFT, headline="مسودة عن الميناء")
    response = preview(admin_client, draft)
    html = response.content.decode()
    assert re.search(r'<html lang="ar" dir="rtl">', html)
    assert "انتقل إلى المحتوى" in html  # the frame's own labels
    assert "Skip to content" not in html
    with translation.override("ar"):
        assert f'href="{reverse("articles:section", kwargs={"slug": "politics"})}"' in html  # the Arabic menu
    assert response["Content-Language"] == "ar"


def test_a_spanish_draft_previews_in_the_spanish_frame_from_the_arabic_admin(admin_client):
    draft = ArticleFactory(edition="es", status=Article.Status.DRAFT, headline="Borrador del puerto")
    admin_client.cookies["admin_language"] = "ar"
    html = preview(admin_client, draft).content.decode()
    assert re.search(r'<html lang="es" dir="ltr">', html)
    assert "Saltar al contenido" in html


def test_the_admin_stays_in_the_editors_language_after_a_preview(admin_client):
    draft = ArticleFactory(edition="ar", status=Article.Status.DRAFT)
    preview(admin_client, draft)
    html = admin_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert re.search(r'<html lang="en"', html)
