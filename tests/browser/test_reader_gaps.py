"""In Chromium: the header search on a phone, the ticker's first item and pause button, Most Read's pictures."""

import pytest
from playwright.sync_api import expect

from readership import popularity
from tests.factories import ArticleFactory, BreakingItemFactory, PhotoFactory
from tests.factories import image_file as make_image

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.parametrize("edition", ["en", "ar", "es"])
def test_a_reader_on_a_phone_searches_from_the_header(phone, live_server, edition):
    ArticleFactory(edition=edition, headline="Harbour reopens after the storm")
    phone.goto(f"{live_server.url}/{edition}/")
    box = phone.locator("#site-search-q")
    expect(box).to_be_visible()
    bounds = box.bounding_box()
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= PHONE["width"]
    assert bounds["height"] >= 44
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box.fill("harbour")
    box.press("Enter")
    expect(phone).to_have_url(f"{live_server.url}/{edition}/search/?q=harbour")
    expect(phone.locator(".search-results, .search-page").first).to_contain_text("Harbour reopens")


def test_the_tickers_first_item_is_readable_at_once_and_its_pause_button_is_big_enough(page, live_server):
    BreakingItemFactory(text="Minister: talks resume on Monday", article=ArticleFactory())
    page.goto(f"{live_server.url}/en/")
    viewport = page.locator(".breaking__viewport").bounding_box()
    first = page.locator(".breaking__item").first.bounding_box()
    # Already in view where reading starts (the track has perhaps moved a few pixels since).
    assert abs(first["x"] - viewport["x"]) < viewport["width"] / 4
    button = page.get_by_role("button", name="Pause ticker").bounding_box()
    assert button["width"] >= 24 and button["height"] >= 24
    assert page.locator(".breaking__item a").first.bounding_box()["height"] >= 24  # links are targets too


def test_most_read_pictures_fill_their_squares(page, live_server):
    for n in range(3):
        article = ArticleFactory(headline=f"Most read {n}", hero_photo=PhotoFactory(image=make_image(size=(800, 450))))
        popularity.record_view(article)
    popularity.flush_views()
    page.goto(f"{live_server.url}/en/")
    thumbnail = page.locator(".most-read .card-media").first
    picture = thumbnail.locator("img")
    expect(picture).to_be_visible()
    box, image = thumbnail.bounding_box(), picture.bounding_box()
    assert abs(box["height"] - image["height"]) <= 1 and abs(box["width"] - image["width"]) <= 1
