"""Editors pick the admin's language in its header; Arabic turns the admin right to left."""

import pytest
from playwright.sync_api import expect

from tests.factories import ArticleFactory, UserFactory

# Serialized rollback, like the other admin browser tests: the roles and menus from the data
# migrations are there, and the database is as migrations left it for the tests that follow.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"


@pytest.fixture
def story():
    UserFactory(username="desk-editor", role="Editor")
    return ArticleFactory(edition="en", slug="river-treaty", headline="Ministers agree on river treaty")


def log_in(page, live_server, next_path):
    page.goto(f"{live_server.url}/admin/login/?next={next_path}")
    page.fill("#id_username", "desk-editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_editor_switches_the_admin_to_arabic_and_starts_a_translation(page, live_server, story, artifacts):
    change = f"/admin/articles/article/{story.pk}/change/"
    log_in(page, live_server, change)
    page.select_option("#admin-language-select", "ar")
    page.locator(".admin-language button").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    page.screenshot(path=artifacts / "admin-ar.png", full_page=True)

    page.locator(".translate-form button", has_text="العربي").click()
    expect(page.locator(".messagelist")).to_contain_text("أُنشئت مسودة الترجمة")
    expect(page.locator("#id_headline")).to_have_value("[للترجمة] Ministers agree on river treaty")
    expect(page.locator("#id_edition")).to_have_value("ar")


def test_public_edition_stays_english_after_switching_the_admin(page, live_server, story):
    log_in(page, live_server, "/admin/")
    page.select_option("#admin-language-select", "es")
    page.locator(".admin-language button").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/en/"
