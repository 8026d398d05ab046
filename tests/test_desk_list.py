"""The desk's article list at archive scale: search from the index, bounded counts, cheap filters."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from desk import admin as desk_admin
from tests.factories import ArticleFactory, AuthorFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/articles/article/"


@pytest.fixture
def desk(client):
    client.force_login(UserFactory(username="chief", role="Editor"))
    return client


def listed(response):
    return {article.pk for article in response.context["cl"].result_list}


def test_the_search_box_finds_drafts_and_stories_of_every_edition_from_the_index(desk):
    draft = ArticleFactory(edition="ar", status=Article.Status.DRAFT, headline="الميناء", body="<p>harbour cranes</p>")
    public = ArticleFactory(edition="en", headline="Harbour reopens", body="<p>Ships came in.</p>")
    spanish = ArticleFactory(edition="es", headline="Puerto", body="<p>El harbour del sur.</p>", tags=["harbour"])
    ArticleFactory(edition="en", headline="Railway strike", body="<p>Trains stopped.</p>")
    with CaptureQueriesContext(connection) as queries:
        response = desk.get(LIST, {"q": "harbour"})
    assert response.status_code == 200
    assert listed(response) == {draft.pk, public.pk, spanish.pk}
    # No story's text is read row by row (what ``search_fields`` would do: LIKE over every story).
    assert not [q["sql"] for q in queries.captured_queries if "LIKE" in q["sql"].upper()]


def test_a_slug_typed_into_the_search_box_finds_its_story(desk):
    story = ArticleFactory(slug="port-strike-ends", headline="Dockers go back")
    assert listed(desk.get(LIST, {"q": "port-strike-ends"})) == {story.pk}


def test_a_search_with_no_words_in_it_finds_nothing_and_does_not_fail(desk):
    ArticleFactory()
    response = desk.get(LIST, {"q": '"*:()'})
    assert response.status_code == 200
    assert listed(response) == set()


def test_the_list_counts_no_further_than_its_pages_and_says_there_are_more(desk, monkeypatch):
    monkeypatch.setattr(desk_admin, "LIST_PAGES", 2)
    monkeypatch.setattr(desk_admin.ArticleAdmin, "list_per_page", 2)
    ArticleFactory.create_batch(6)
    with CaptureQueriesContext(connection) as queries:
        response = desk.get(LIST)
    assert "more than 4 articles" in response.content.decode()
    counts = [
        q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper() and "articles_article" in q["sql"]
    ]
    assert counts and all("LIMIT 5" in sql for sql in counts)  # counted up to one past the pages, never the table
    assert desk.get(LIST, {"p": "2"}).status_code == 200


def test_a_bylines_names_open_that_authors_stories(desk):
    lina, tom = AuthorFactory(name="Lina Haddad"), AuthorFactory(name="Tom Reyes")
    hers = ArticleFactory(authors=[lina, tom])
    ArticleFactory(authors=[tom])
    page = desk.get(LIST).content.decode()
    assert f'href="?author={lina.pk}"' in page
    response = desk.get(LIST, {"author": lina.pk})
    assert listed(response) == {hers.pk}
    assert "Lina Haddad" in response.content.decode()  # the chosen author shows in the filter
    assert listed(desk.get(LIST, {"author": "999999"})) == set()  # no such author: no stories, not all of them
    assert desk.get(LIST, {"author": "lina"}).status_code == 302  # not a number: the list says so, no 500


def test_every_filter_and_sort_of_the_list_answers(desk):
    story = ArticleFactory()
    region = story.regions.first()
    for params in [
        {"status__exact": "published"},
        {"edition__exact": "en"},
        {"kind__exact": "news"},
        {"section__id__exact": story.section_id},
        {"region": region.pk if region else 1},
        {"publish_at__gte": "2020-01-01"},
        {"o": "1"},
        {"o": "-2"},
        {"o": "3"},
        {"o": "6"},
        {"p": "2"},
    ]:
        assert desk.get(LIST, params).status_code in {200, 302}, params
