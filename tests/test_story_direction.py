"""The story's text is typed in its edition's direction and language, whatever the admin's language."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import ArticleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static_storage")]


def tag_of(html, element_id):
    return re.search(rf"<[^>]*id=\"{element_id}\"[^>]*>", html).group(0)


def test_arabic_draft_in_the_english_admin_is_right_to_left(admin_client):
    article = ArticleFactory(edition="ar", headline="مسودة")
    html = admin_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    for element_id in ("id_headline", "id_standfirst", "id_body"):
        assert 'dir="rtl"' in tag_of(html, element_id)
        assert 'lang="ar"' in tag_of(html, element_id)
    assert "&quot;directionality&quot;: &quot;rtl&quot;" in tag_of(html, "id_body")


def test_english_story_in_the_arabic_admin_is_left_to_right(admin_client):
    article = ArticleFactory(edition="en")
    with translation.override("ar"):
        url = reverse("admin:articles_article_change", args=[article.pk])
    admin_client.cookies["admin_language"] = "ar"
    html = admin_client.get(url).content.decode()
    assert re.search(r'<html[^>]*dir="rtl"', html), "the admin itself is in Arabic"
    assert 'dir="ltr"' in tag_of(html, "id_headline")
    assert "&quot;directionality&quot;: &quot;ltr&quot;" in tag_of(html, "id_body")
