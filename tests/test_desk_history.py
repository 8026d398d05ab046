"""The story's History page (desk.editing.timeline): internal notes among the revisions, by time."""

from datetime import timedelta

import pytest
from django.urls import reverse

from desk.models import StoryNote
from tests.factories import ArticleFactory
from tests.test_admin_workflow import change_url, form_data

pytestmark = pytest.mark.django_db


def test_notes_appear_in_the_history_between_the_revisions_marked_as_notes(client, editor):
    client.force_login(editor)
    story = ArticleFactory(headline="Minister resigns")
    assert client.post(change_url(story), form_data(story, headline="Minister resigns over leak")).status_code == 302
    note = StoryNote.objects.create(article=story, author=editor, text="Lawyers read the second version.")
    story.refresh_from_db()
    assert client.post(change_url(story), form_data(story, headline="Minister quits over leak")).status_code == 302
    StoryNote.objects.filter(pk=note.pk).update(written_at=note.written_at + timedelta(milliseconds=1))

    response = client.get(reverse("admin:articles_article_history", args=[story.pk]))
    assert response.status_code == 200
    timeline = response.context["timeline"]
    kinds = ["note" if "note" in entry else "revision" for entry in timeline]
    assert kinds.index("note") not in (0, len(kinds) - 1)  # between the revisions, not tacked on
    assert [entry["at"] for entry in timeline] == sorted(entry["at"] for entry in timeline)
    page = response.content.decode()
    assert '<tr class="history-note">' in page
    assert "Internal note</strong> Lawyers read the second version." in page
    assert page.count('name="version_id1"') == len(kinds) - 1  # notes are not versions to compare
