"""The article form's pickers offer the story's edition: its section and region names, its authors."""

import pytest
from django.urls import reverse

from articles.models import Article
from taxonomy.models import Region, RegionLabel, Section, SectionLabel
from tests.factories import ArticleFactory, AuthorFactory
from tests.test_admin_workflow import ADD_URL, change_url, errors_of, form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static_storage")]


@pytest.fixture
def named_terms():
    politics = Section.objects.get(slug="politics")
    SectionLabel.objects.update_or_create(owner=politics, edition="ar", defaults={"name": "سياسة"})
    region = Region.objects.create(name="Middle East", slug="middle-east-test")
    RegionLabel.objects.create(owner=region, edition="ar", name="الشرق الأوسط")
    return politics, region


def test_an_arabic_story_offers_sections_and_regions_under_their_arabic_names(admin_client, named_terms):
    politics, region = named_terms
    article = ArticleFactory(edition="ar", section=politics)
    html = admin_client.get(change_url(article)).content.decode()
    assert f'<option value="{politics.pk}" selected>سياسة</option>' in html
    assert f'<option value="{region.pk}">الشرق الأوسط</option>' in html


def test_an_english_story_in_the_arabic_admin_keeps_the_english_names(admin_client, named_terms):
    politics, _region = named_terms
    article = ArticleFactory(edition="en", section=politics)
    admin_client.cookies["admin_language"] = "ar"
    html = admin_client.get(change_url(article)).content.decode()
    assert f'<option value="{politics.pk}" selected>{politics.name}</option>' in html


def test_the_lists_section_and_region_filters_name_the_terms_in_the_admins_language(admin_client, named_terms):
    politics, region = named_terms
    ArticleFactory(edition="ar", section=politics)
    listing = reverse("admin:articles_article_changelist")
    admin_client.cookies["admin_language"] = "ar"
    html = admin_client.get(listing).content.decode()
    assert f'?section__id__exact={politics.pk}">سياسة</a>' in html
    assert f'?region={region.pk}">الشرق الأوسط</a>' in html
    admin_client.cookies["admin_language"] = "en"
    html = admin_client.get(listing).content.decode()
    assert f'?section__id__exact={politics.pk}">{politics.name}</a>' in html


def test_terms_json_names_the_terms_in_the_asked_edition(admin_client, named_terms):
    politics, region = named_terms
    url = reverse("admin:articles_article_terms")
    data = admin_client.get(url, {"edition": "ar"}).json()
    assert data["section"][str(politics.pk)] == "سياسة"
    assert data["regions"][str(region.pk)] == "الشرق الأوسط"
    assert admin_client.get(url, {"edition": "xx"}).status_code == 400


def test_the_author_search_offers_the_asked_editions_authors_only(admin_client):
    arabic = AuthorFactory(edition="ar", name="Amina Said")
    AuthorFactory(edition="en", name="Amina Stone")
    query = {"term": "Amina", "app_label": "articles", "model_name": "byline", "field_name": "author"}
    url = reverse("admin:autocomplete")
    found = admin_client.get(url, {**query, "edition": "ar"}).json()["results"]
    assert [result["id"] for result in found] == [str(arabic.pk)]
    assert len(admin_client.get(url, query).json()["results"]) == 2


def test_a_byline_of_another_edition_is_refused(client, editor):
    client.force_login(editor)
    response = client.post(ADD_URL, form_data(edition="ar", author=AuthorFactory(edition="en", name="Sam Lee")))
    assert response.status_code == 200
    assert not Article.objects.exists()
    formset_errors = [
        error for formset in response.context["inline_admin_formsets"] for error in formset.formset.errors
    ]
    assert any(
        "Sam Lee writes for the English edition; choose an author of the Arabic edition." in str(error)
        for error in formset_errors
    )


def test_a_byline_of_the_story_edition_is_accepted(client, editor):
    client.force_login(editor)
    response = client.post(ADD_URL, form_data(edition="ar", author=AuthorFactory(edition="ar")))
    assert response.status_code == 302, errors_of(response)
