"""A reader's open page picks up breaking news an editor posts and expires, without reloading."""

import re

import pytest
from playwright.sync_api import expect

from breaking.models import BreakingItem
from tests.factories import BreakingItemFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"
# The page polls every 10 seconds; the promise to readers is 15.
WITHIN_15_SECONDS = 15_000


@pytest.fixture
def editor_page(browser, live_server):
    UserFactory(username="desk-editor", role="Editor")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/breaking/breakingitem/")
    page.fill("#id_username", "desk-editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#quick-post-heading")).to_be_visible()
    yield page
    context.close()


def test_reader_sees_a_posted_item_appear_and_leave_without_reloading(page, editor_page, live_server):
    page.goto(f"{live_server.url}/en/")
    ticker = page.locator(".breaking")
    expect(ticker).to_be_hidden()
    page.evaluate("window.__sameDocument = true")

    editor_page.fill("#quick-post-text", "Storm warning: coastal towns told to evacuate")
    editor_page.press("#quick-post-text", "Enter")
    expect(editor_page.locator(".messagelist")).to_contain_text("Posted to the English ticker")

    item = page.locator(".breaking__item", has_text="coastal towns told to evacuate")
    expect(item).to_be_visible(timeout=WITHIN_15_SECONDS)
    expect(item.locator(".breaking__attribution")).to_have_text("Storm warning:")
    expect(page.locator("[data-breaking-announcer]")).to_contain_text("coastal towns told to evacuate")

    editor_page.get_by_role("button", name="Expire now").click()
    expect(editor_page.locator(".messagelist")).to_contain_text("Expired")

    expect(item).to_have_count(0, timeout=WITHIN_15_SECONDS)
    expect(ticker).to_be_hidden()
    assert page.evaluate("window.__sameDocument") is True


def test_ticker_moves_the_other_way_in_the_arabic_edition(page, live_server):
    BreakingItemFactory(edition="ar", text="عاجل: استئناف المحادثات يوم الاثنين")
    page.goto(f"{live_server.url}/ar/")
    track = page.locator(".breaking__track")
    expect(track).to_have_css("animation-name", "breaking-scroll-rtl")
    page.goto(f"{live_server.url}/en/")
    expect(page.locator(".breaking")).to_be_hidden()


def test_pause_button_stops_the_ticker_and_says_so(page, live_server):
    BreakingItemFactory(text="Minister: talks resume on Monday")
    page.goto(f"{live_server.url}/en/")
    button = page.get_by_role("button", name="Pause ticker")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".breaking__track")).to_have_css("animation-play-state", "paused")


def test_ticker_stands_still_when_the_reader_prefers_reduced_motion(page, live_server):
    BreakingItemFactory(text="Minister: talks resume on Monday", priority=BreakingItem.Priority.URGENT)
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{live_server.url}/en/")
    expect(page.locator(".breaking__track")).to_have_css("animation-name", "none")
    expect(page.locator(".breaking__item--urgent")).to_contain_text(re.compile("Urgent"))
