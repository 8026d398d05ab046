"""Arabic pages mirror: main column on the right, logo on the right; the edition switch keeps the story."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def arabic_story(django_db_serialized_rollback, transactional_db):
    """An Arabic front page with a lead, a section block and an opinion column, and one story in English too."""
    author = AuthorFactory(edition="ar", name="رانيا حداد", slug="رانيا-حداد")
    stories = [
        ArticleFactory(
            edition="ar", headline=f"خبر رقم {number} عن مفاوضات المياه", slug=f"خبر-{number}", authors=[author]
        )
        for number in range(10)
    ]
    ArticleFactory(edition="ar", kind=Article.Kind.OPINION, headline="رأي: الماء أولًا", slug="رأي", authors=[author])
    story = stories[-1]
    ArticleFactory(
        edition="en", slug="water-talks", headline="Water talks resume", translation_group=story.translation_group
    )
    return story


def box(page, selector):
    element = page.locator(selector).first
    expect(element).to_be_visible()
    return element.bounding_box()


def test_arabic_home_is_right_to_left_with_the_main_column_on_the_right(page, live_server, arabic_story, artifacts):
    page.goto(f"{live_server.url}/ar/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    main, side = box(page, ".home-main"), box(page, ".home-side")
    assert main["x"] > side["x"]
    assert main["x"] + main["width"] > side["x"] + side["width"]
    page.screenshot(path=artifacts / "rtl-home-ar.png", full_page=True)


def test_english_home_keeps_the_main_column_on_the_left(page, live_server, arabic_story):
    for number in range(8):
        ArticleFactory(edition="en", slug=f"story-{number}")
    ArticleFactory(edition="en", kind=Article.Kind.OPINION, slug="opinion")
    page.goto(f"{live_server.url}/en/")
    main, side = box(page, ".home-main"), box(page, ".home-side")
    assert main["x"] < side["x"]


def test_arabic_article_puts_the_story_right_and_the_sidebar_left(page, live_server, arabic_story, artifacts):
    page.goto(f"{live_server.url}{arabic_story.get_absolute_url()}")
    main, side = box(page, "article.article"), box(page, ".article-aside")
    assert main["x"] > side["x"]
    expect(page.locator(".article-body")).to_have_css("direction", "rtl")
    page.screenshot(path=artifacts / "rtl-article-ar.png", full_page=True)


def test_arabic_masthead_puts_the_logo_on_the_right(page, live_server, arabic_story):
    page.goto(f"{live_server.url}/ar/")
    logo, editions = box(page, ".masthead .logo"), box(page, ".masthead .editions")
    assert logo["x"] > editions["x"]


def test_arabic_dates_use_arabic_indic_digits(page, live_server, arabic_story):
    page.goto(f"{live_server.url}{arabic_story.get_absolute_url()}")
    published = page.locator(".article-meta .published time").inner_text()
    assert any("٠" <= char <= "٩" for char in published)
    assert not any("0" <= char <= "9" for char in published)


def test_switching_to_english_opens_the_translation_and_is_remembered(page, live_server, arabic_story):
    page.goto(f"{live_server.url}{arabic_story.get_absolute_url()}")
    page.locator('.masthead .editions a[hreflang="en"]').click()
    expect(page.locator("h1.headline")).to_have_text("Water talks resume")
    assert page.url.endswith("/en/politics/water-talks/")
    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/en/"
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    assert cookies["edition"] == "en"
