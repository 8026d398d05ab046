"""Tags keep the writer's order (the first is the main tag) in the form, the page, the API and ninjs."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article
from articles.tagging import edit_string, parse_tags
from tests.factories import ArticleFactory
from tests.test_admin_workflow import ADD_URL, change_url, errors_of, form_data
from wire.export import article_to_ninjs

pytestmark = pytest.mark.django_db


def test_typed_tags_are_read_in_the_order_typed():
    assert parse_tags("Water, parliament, Budget, water") == ["Water", "parliament", "Budget"]
    assert parse_tags('"Gaza, City", Aid') == ["Gaza, City", "Aid"]
    assert parse_tags("Zeta Alpha") == ["Zeta", "Alpha"]


def test_tags_print_back_as_they_are_read():
    for text in ["Zeta, Alpha, Middle East", '"Gaza, City", Aid', '"Middle East"']:
        names = parse_tags(text)
        assert parse_tags(edit_string([Tag(name=name) for name in names])) == names


def test_the_form_saves_the_writers_order_and_reordering_is_a_change(client, editor):
    client.force_login(editor)
    response = client.post(ADD_URL, form_data(tags="Zeta, Alpha, Mid"))
    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    assert list(article.tags.names()) == ["Zeta", "Alpha", "Mid"]

    response = client.post(change_url(article), form_data(article, tags="Mid, Zeta, Alpha"))
    assert response.status_code == 302, errors_of(response)
    assert list(article.tags.names()) == ["Mid", "Zeta", "Alpha"]
    assert Article.objects.for_detail().get(pk=article.pk).main_tag.name == "Mid"


def test_the_form_names_the_main_tag(client, editor):
    article = ArticleFactory(tags=["Zeta", "Alpha"])
    client.force_login(editor)
    html = client.get(change_url(article)).content.decode()
    assert 'value="Zeta, Alpha"' in html
    assert "Main tag: <strong>Zeta</strong>" in html


def test_a_tag_typed_in_another_case_is_filed_under_the_existing_one_and_the_writer_is_told(client, editor):
    Tag.objects.create(name="Fishing")
    client.force_login(editor)
    response = client.post(ADD_URL, form_data(tags="fishing, Boats"), follow=True)
    article = Article.objects.get()
    assert list(article.tags.names()) == ["Fishing", "Boats"]
    assert Tag.objects.filter(name__iexact="fishing").count() == 1
    messages = [str(message) for message in response.context["messages"]]
    assert "The tag “fishing” is filed under the existing tag “Fishing”." in messages


def test_adding_tags_puts_them_after_the_ones_the_article_has():
    article = ArticleFactory(tags=["Zeta"])
    article.tags.add("Alpha", "Beta")
    article.tags.set(["Beta", "Zeta", "Alpha"])
    article.tags.add("Gamma")
    assert list(article.tags.names()) == ["Beta", "Zeta", "Alpha", "Gamma"]


def test_the_api_and_ninjs_give_tags_in_the_writers_order(client):
    article = ArticleFactory(tags=["Zeta", "Alpha", "Mid"])
    data = client.get(reverse("api:article-detail", args=[article.pk])).json()
    assert [tag["name"] for tag in data["tags"]] == ["Zeta", "Alpha", "Mid"]
    ninjs = article_to_ninjs(Article.objects.for_detail().get(pk=article.pk))
    assert [subject["name"] for subject in ninjs["subjects"]] == ["Zeta", "Alpha", "Mid"]


def test_the_article_page_lists_tags_in_the_writers_order(client):
    article = ArticleFactory(tags=["Zeta", "Alpha", "Mid"])
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index(">Zeta<") < html.index(">Alpha<") < html.index(">Mid<")
