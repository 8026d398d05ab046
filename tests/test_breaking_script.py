"""The breaking box starts in the editor's edition and questions a line in another script than its edition's."""

import pytest
from django.urls import reverse

from breaking.models import BreakingItem
from editions.text import main_script
from tests.factories import AuthorFactory
from tests.test_breaking_admin import CHANGELIST, message_texts, post_item

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("plain_static_storage")]


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_the_main_script_counts_letters_only():
    assert main_script("عاجل: 3 قتلى في غزة") == "ARABIC"
    assert main_script("Minister: 3 dead, “CNN” reports") == "LATIN"
    assert main_script("الوزير: Reuters تنقل الخبر عن مصادر") == "ARABIC"
    assert main_script("2026 — !") is None


def test_arabic_text_on_the_english_ticker_is_questioned_and_kept_for_a_second_try(editor_client):
    response = post_item(editor_client, text="عاجل: وقف إطلاق النار في غزة", edition="en")
    assert not BreakingItem.objects.exists()
    assert any("This line is in Arabic script, but the English ticker is chosen" in m for m in message_texts(response))
    html = editor_client.get(reverse(CHANGELIST)).content.decode()
    assert "عاجل: وقف إطلاق النار في غزة" in html
    assert 'name="other_script"' in html


def test_the_editor_may_post_it_anyway(editor_client):
    data = {"text": "عاجل: وقف إطلاق النار في غزة", "edition": "en", "other_script": "on"}
    editor_client.post(reverse("admin:breaking_breakingitem_post"), data)
    assert BreakingItem.objects.get().edition == "en"


def test_latin_text_on_the_arabic_ticker_is_questioned(editor_client):
    post_item(editor_client, text="Minister: talks resume on Monday", edition="ar")
    assert not BreakingItem.objects.exists()


def test_arabic_text_on_the_arabic_ticker_and_spanish_on_the_spanish_one_go_out(editor_client):
    post_item(editor_client, text="عاجل: وقف إطلاق النار في غزة", edition="ar")
    post_item(editor_client, text="Ministro: las negociaciones se reanudan el lunes", edition="es")
    assert sorted(BreakingItem.objects.values_list("edition", flat=True)) == ["ar", "es"]


def test_the_quick_box_asks_no_checkbox_before_a_line_is_questioned(editor_client):
    assert 'name="other_script"' not in editor_client.get(reverse(CHANGELIST)).content.decode()


def test_a_first_post_defaults_to_the_edition_the_editor_writes_for(editor_client, editor):
    AuthorFactory(edition="ar", user=editor)
    html = editor_client.get(reverse(CHANGELIST)).content.decode()
    assert '<option value="ar" selected>' in html


def test_the_full_form_questions_the_script_too(editor_client):
    data = {"text": "عاجل: وقف إطلاق النار", "edition": "es", "priority": "0", "is_active": "on"}
    response = editor_client.post(reverse("admin:breaking_breakingitem_add"), data)
    assert response.status_code == 200
    assert "Arabic script" in response.content.decode()
