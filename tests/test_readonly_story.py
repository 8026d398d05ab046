"""A story its reader may not change (a reporter's, once submitted) reads as readers will read it."""

import re

import pytest
from django.urls import reverse

from articles.models import Article
from taxonomy.models import Region, RegionLabel
from tests.factories import ArticleFactory
from tests.test_admin_workflow import change_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static_storage")]


def readonly_values(html):
    return [value.strip() for value in re.findall(r'<div class="readonly">(.*?)</div>\s*</div>', html, re.S)]


def test_a_submitted_story_shows_its_body_rendered_and_empty_values_as_a_dash(client, reporter):
    story = ArticleFactory(
        status=Article.Status.REVIEW, created_by=reporter, body="<p>Boats <b>return</b></p><script>x()</script>"
    )
    client.force_login(reporter)
    html = client.get(change_url(story)).content.decode()
    assert '<div class="story-body-read" dir="ltr" lang="en"><p>Boats <b>return</b></p></div>' in html
    assert "&lt;p&gt;" not in html
    assert "<script>x()" not in html
    values = readonly_values(html)
    assert "None" not in values
    assert "—" in values  # the empty source, video, regions…
    assert 'name="loaded_version"' not in html
    assert f'href="{reverse("admin:articles_article_preview", args=[story.pk])}"' in html
    assert client.get(reverse("admin:articles_article_preview", args=[story.pk])).status_code == 200


def test_a_submitted_arabic_story_names_its_regions_in_arabic(client, reporter):
    region = Region.objects.create(name="Gulf", slug="gulf-test")
    RegionLabel.objects.create(owner=region, edition="ar", name="الخليج")
    story = ArticleFactory(edition="ar", status=Article.Status.REVIEW, created_by=reporter)
    story.regions.add(region)
    client.force_login(reporter)
    html = client.get(change_url(story)).content.decode()
    assert "الخليج" in readonly_values(html)
    assert 'dir="rtl" lang="ar"' in html


def test_the_editor_still_gets_the_editable_body(client, editor):
    story = ArticleFactory(status=Article.Status.REVIEW)
    client.force_login(editor)
    html = client.get(change_url(story)).content.decode()
    assert 'name="body"' in html
    assert "story-body-read" not in html
