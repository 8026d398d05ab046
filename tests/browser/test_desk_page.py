"""The desk page in a real browser: blocks fill the width in reading order, right to left in Arabic, and
stack on a phone without scrolling sideways."""

from itertools import pairwise

import pytest

from articles.models import Article
from tests.factories import ArticleFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"


def open_desk(page, live_server, language):
    UserFactory(username="desk-editor", role="Editor")
    ArticleFactory(status=Article.Status.REVIEW, headline="Waiting for a second read")
    page.context.add_cookies([{"name": "admin_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "desk-editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector(".desk-page")


def block_boxes(page):
    return [block.bounding_box() for block in page.locator(".desk-block").all()]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_blocks_follow_the_reading_direction(page, live_server, language):
    open_desk(page, live_server, language)
    first, second = block_boxes(page)[:2]
    assert first["y"] == second["y"]  # side by side on a wide screen
    assert (first["x"] > second["x"]) == (language == "ar")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert page.locator("#desk-in_review a", has_text="Waiting for a second read").is_visible()
    assert page.locator(".app-articles").is_visible()  # the list of everything is still there


def test_blocks_stack_on_a_phone(page, live_server):
    page.set_viewport_size({"width": 390, "height": 800})
    open_desk(page, live_server, "ar")
    boxes = block_boxes(page)
    assert all(later["y"] > earlier["y"] for earlier, later in pairwise(boxes))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
