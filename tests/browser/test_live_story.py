"""A reader with a live story open gets a reporter's new post without reloading."""

import pytest
from playwright.sync_api import expect

from tests.factories import ArticleFactory, AuthorFactory, LivePostFactory, LiveStoryFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"
# The page polls every 10 seconds; the promise to readers is 15.
WITHIN_15_SECONDS = 15_000


@pytest.fixture
def story(db):
    reporter = UserFactory(username="live-reporter", role="Reporter")
    author = AuthorFactory(name="Amina Said", user=reporter)
    story = LiveStoryFactory(article=ArticleFactory(headline="Election night, as it happens", authors=[author]))
    LivePostFactory(story=story, body="<p>Polls are open.</p>")
    return story


@pytest.fixture
def reporter_page(browser, live_server, story):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/live/livestory/{story.pk}/change/")
    page.fill("#id_username", "live-reporter")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#live-desk-heading")).to_have_text("Post an update")
    yield page
    context.close()


def test_reader_sees_one_new_update_then_the_post_without_reloading(page, reporter_page, live_server, story):
    page.goto(f"{live_server.url}{story.article.get_absolute_url()}")
    expect(page.locator(".live-post")).to_have_count(1)
    page.evaluate("window.__sameDocument = true")

    reporter_page.fill("#id_title", "Exit poll")
    reporter_page.frame_locator("#id_body_ifr").locator("body").fill("Exit poll: 48 to 45.")
    reporter_page.get_by_role("button", name="Publish post").click()
    expect(reporter_page.locator(".messagelist")).to_contain_text("Posted")

    button = page.get_by_role("button", name="1 new update")
    expect(button).to_be_visible(timeout=WITHIN_15_SECONDS)
    expect(page.locator("[data-live-announce]")).to_have_text("1 new update")
    # Nothing moves under the reader's eyes until they ask.
    expect(page.locator(".live-post")).to_have_count(1)

    button.click()
    newest = page.locator(".live-posts > li").first
    expect(newest).to_contain_text("Exit poll: 48 to 45.")
    expect(newest).to_contain_text("Amina Said")
    expect(button).to_be_hidden()
    assert page.evaluate("window.__sameDocument") is True
