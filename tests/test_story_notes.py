"""Internal notes on a story: the desk writes them, agencies' editorial notes land there, readers never see them."""

import json

import pytest
from rest_framework.test import APIClient

from desk.models import StoryNote
from tests.factories import ArticleFactory, UserFactory
from tests.test_admin_workflow import change_url, form_data
from wire.services import WireIngester

pytestmark = pytest.mark.django_db

NOTE = "Check the quote with the press office before 6pm."


def with_note(data, text):
    return data | {"desk_notes-TOTAL_FORMS": "1", "desk_notes-0-text": text}


def test_an_editor_adds_a_note_that_keeps_who_and_when_and_stays_off_every_public_page(client):
    editor = UserFactory(username="amira", role="Editor")
    client.force_login(editor)
    article = ArticleFactory(headline="Minister resigns")
    response = client.post(change_url(article), with_note(form_data(article), NOTE))
    assert response.status_code == 302
    note = StoryNote.objects.get(article=article)
    assert (note.author, note.text) == (editor, NOTE)
    form = client.get(change_url(article)).content.decode()
    assert NOTE in form and "amira" in form
    reader = APIClient()
    for address in [
        article.get_absolute_url(),
        "/en/feeds/rss.xml",
        f"/api/v1/articles/{article.pk}/",
        f"/api/v1/articles/{article.pk}.ninjs",
    ]:
        answer = reader.get(address)
        assert answer.status_code == 200, address
        assert "press office" not in answer.content.decode(), address


def test_a_written_note_cannot_be_rewritten_or_removed_from_the_form(client):
    client.force_login(UserFactory(role="Editor"))
    article = ArticleFactory()
    note = StoryNote.objects.create(article=article, author_name="Night desk", text=NOTE)
    data = form_data(article) | {
        "desk_notes-TOTAL_FORMS": "1",
        "desk_notes-INITIAL_FORMS": "1",
        "desk_notes-0-id": note.pk,
        "desk_notes-0-article": article.pk,
        "desk_notes-0-text": "Rewritten",
        "desk_notes-0-DELETE": "on",
    }
    assert client.post(change_url(article), data).status_code == 302
    note.refresh_from_db()
    assert note.text == NOTE


def test_an_empty_note_form_adds_nothing(client):
    client.force_login(UserFactory(role="Editor"))
    article = ArticleFactory()
    assert client.post(change_url(article), with_note(form_data(article), "")).status_code == 302
    assert not StoryNote.objects.exists()


def story(uri, version="1", ednote="Embargoed until the minister speaks; do not run the quote."):
    return {
        "uri": uri,
        "type": "text",
        "version": version,
        "versionCreated": f"2026-03-01T10:00:0{version}Z",
        "language": "en",
        "headlines": [{"value": f"Minister resigns {uri[-1]}"}],
        "bodies": [{"contentType": "text/html", "value": "<p>She left office on Monday.</p>"}],
        "edNote": ednote,  # ninjs 3.x
    }


def test_an_agencys_editorial_note_becomes_the_storys_internal_note_once(agency_source):
    ingester = WireIngester(source=agency_source)
    alone = ingester.ingest(story("urn:agency:n1")).article
    together = ingester.ingest_document(json.dumps([story("urn:agency:n2"), story("urn:agency:n3")]).encode())
    for article in [alone, *(outcome.article for outcome in together.outcomes)]:
        note = StoryNote.objects.get(article=article)
        assert note.author_name == "Wire Agency" and note.text.startswith("Embargoed until")
    ingester.ingest(story("urn:agency:n1", version="2"))  # the same note again: not repeated
    assert StoryNote.objects.filter(article=alone).count() == 1
    ingester.ingest(story("urn:agency:n1", version="3", ednote="Quote now cleared."))
    assert list(StoryNote.objects.filter(article=alone).values_list("text", flat=True))[-1] == "Quote now cleared."


@pytest.fixture
def agency_source():
    from articles.models import Source

    return Source.objects.create(name="Wire Agency", slug="wire-agency")
