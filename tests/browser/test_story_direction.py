"""An Arabic draft is typed right to left in the English admin, inside the body editor too."""

import pytest
from playwright.sync_api import expect

from tests.factories import ArticleFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"


def log_in(page, live_server, next_path):
    UserFactory(username="desk-editor", role="Editor")
    page.goto(f"{live_server.url}/admin/login/?next={next_path}")
    page.fill("#id_username", "desk-editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_arabic_draft_is_typed_right_to_left_in_the_english_admin(page, live_server):
    story = ArticleFactory(edition="ar", headline="مسودة عن الميناء")
    log_in(page, live_server, f"/admin/articles/article/{story.pk}/change/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    headline = page.locator("#id_headline")
    expect(headline).to_have_attribute("dir", "rtl")
    expect(headline).to_have_attribute("lang", "ar")
    editor_body = page.frame_locator("iframe.tox-edit-area__iframe").locator("body")
    expect(editor_body).to_have_attribute("dir", "rtl")
    expect(editor_body).to_have_attribute("lang", "ar")
    editor_body.click()
    page.keyboard.type("وصلت السفن")
    direction = editor_body.evaluate("body => getComputedStyle(body.querySelector('p') || body).direction")
    assert direction == "rtl"


def test_choosing_the_edition_of_a_new_story_switches_its_direction(page, live_server):
    log_in(page, live_server, "/admin/articles/article/add/")
    page.select_option("#id_edition", "en")
    expect(page.locator("#id_headline")).to_have_attribute("dir", "ltr")
    page.select_option("#id_edition", "ar")
    expect(page.locator("#id_headline")).to_have_attribute("dir", "rtl")
    editor_body = page.frame_locator("iframe.tox-edit-area__iframe").locator("body")
    expect(editor_body).to_have_attribute("dir", "rtl")
    page.select_option("#id_edition", "es")
    expect(page.locator("#id_standfirst")).to_have_attribute("lang", "es")
    expect(editor_body).to_have_attribute("dir", "ltr")
