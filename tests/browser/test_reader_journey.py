"""A reader's journey through the public site in Chromium, with axe-core on every page.

Home -> article (caption and credit) -> tag -> next page of the listing ->
gallery (keyboard and swipe) -> mobile menu at 375 px, in English (LTR) and
Arabic (RTL). Screenshots of home and article at desktop and phone widths go
to test-artifacts/.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.factories import ArticleFactory
from tests.site_content import build_edition

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def open_page(browser):
    """Pages at a given viewport; CSP is bypassed only so the test can inject axe-core."""
    contexts = []

    def open_page(viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, bypass_csp=True, reduced_motion="reduce", **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def assert_accessible(page):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm install` at the repository root")
    page.evaluate(AXE.read_text())
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => v.id + ': ' + v.help + ' -> ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))",
        WCAG_TAGS,
    )
    assert violations == [], f"{page.url}: {violations}"


@pytest.fixture
def site(django_db_serialized_rollback, transactional_db):
    def build(edition):
        content = build_edition(edition)
        tag = content["article"].tags.all()[0].name
        older = timezone.now() - timedelta(days=2)
        for _ in range(21):
            ArticleFactory(edition=edition, tags=[tag], publish_at=older)
        return content

    return build


@pytest.mark.parametrize("edition", ["en", "ar"])
def test_reader_goes_from_home_to_article_to_tag_and_pages_the_listing(
    open_page, live_server, site, artifacts, edition
):
    content = site(edition)
    article = content["article"]
    page = open_page()
    page.goto(f"{live_server.url}/{edition}/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if edition == "ar" else "ltr")
    assert_accessible(page)
    page.screenshot(path=artifacts / f"home-{edition}-desktop.png", full_page=True)

    page.get_by_role("link", name=article.headline).first.click()
    page.wait_for_url(f"**{article.get_absolute_url()}")
    caption = page.locator("figure.hero figcaption")
    assert "Delegates arrive for the signing." in caption.inner_text()
    assert "(AP)" in caption.locator(".credit").inner_text()
    assert page.locator("figure.hero img").evaluate("img => img.complete && img.naturalWidth > 0")
    assert_accessible(page)
    page.screenshot(path=artifacts / f"article-{edition}-desktop.png", full_page=True)

    tag = article.tags.all()[0]
    page.locator("nav.tags").get_by_role("link", name=tag.name).click()
    page.wait_for_url(f"**/tag/{tag.slug}/")
    assert page.locator("h1").inner_text() == tag.name
    assert_accessible(page)

    page.locator("nav.pagination a[rel=next]").click()
    page.wait_for_url("**?page=2")
    assert page.locator(".pagination [aria-current=page]").inner_text() in {"2", "٢"}
    assert_accessible(page)


@pytest.mark.parametrize("edition", ["en", "ar"])
def test_reader_swipes_and_keys_through_a_gallery(open_page, live_server, site, edition):
    content = site(edition)
    page = open_page(has_touch=True)
    page.goto(f"{live_server.url}{content['gallery'].get_absolute_url()}")
    counter = page.locator("[data-gallery-current]")
    one, two, three = ("1", "2", "3") if edition == "en" else ("١", "٢", "٣")
    assert counter.inner_text() == one

    page.locator("[data-gallery-track]").focus()
    page.keyboard.press("ArrowLeft" if edition == "ar" else "ArrowRight")
    page.wait_for_function("n => document.querySelector('[data-gallery-current]').textContent === n", arg=two)

    # A swipe scrolls the snapping track by one photo; the counter follows.
    page.locator("[data-gallery-track]").evaluate(
        "track => track.scrollBy({left: (getComputedStyle(track).direction === 'rtl' ? -1 : 1) * track.clientWidth})"
    )
    page.wait_for_function("n => document.querySelector('[data-gallery-current]').textContent === n", arg=three)
    assert page.locator("[data-gallery-next]").is_disabled()
    assert page.locator(".gallery-slide").nth(2).locator("figcaption").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("edition", ["en", "ar"])
def test_mobile_menu_opens_and_closes_by_touch_and_keyboard(open_page, live_server, site, artifacts, edition):
    content = site(edition)
    page = open_page(viewport=PHONE, has_touch=True, is_mobile=True)
    page.goto(f"{live_server.url}/{edition}/")
    toggle = page.locator(".menu-toggle")
    menu = page.locator("#site-menu")
    assert toggle.is_visible()
    assert not menu.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=artifacts / f"home-{edition}-phone.png", full_page=True)

    toggle.tap()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu.is_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")
    assert not menu.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")

    page.keyboard.press("Enter")
    assert menu.is_visible()
    assert page.evaluate("document.getElementById('site-menu').contains(document.activeElement)")
    page.keyboard.press("Escape")
    assert not menu.is_visible()

    page.goto(f"{live_server.url}{content['article'].get_absolute_url()}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=artifacts / f"article-{edition}-phone.png", full_page=True)


OTHER_PAGE_TYPES = [
    "video", "opinion", "infograph", "parent_section", "videos", "infographs", "pictures", "live",
    "authors", "author", "region", "about", "privacy", "contact", "not_found",
]  # fmt: skip


@pytest.mark.parametrize("page_type", OTHER_PAGE_TYPES)
def test_other_page_types_have_no_accessibility_violations(open_page, live_server, site, page_type):
    for edition in ["en", "ar"]:
        page = open_page()
        page.goto(f"{live_server.url}{site(edition)['urls'][page_type]}")
        assert_accessible(page)


def test_search_results_have_no_accessibility_violations(open_page, live_server, site):
    for edition in ["en", "ar"]:
        content = site(edition)
        page = open_page()
        words = content["article"].headline.split()[0]
        page.goto(f"{live_server.url}/{edition}/search/?q={words}")
        assert page.locator("main").count() == 1
        assert_accessible(page)


def test_pages_work_without_javascript(open_page, live_server, site):
    content = site("en")
    page = open_page(viewport=PHONE, java_script_enabled=False)
    page.goto(f"{live_server.url}/en/")
    assert page.locator("#site-menu").is_visible()
    page.goto(f"{live_server.url}{content['gallery'].get_absolute_url()}")
    assert page.locator(".gallery-slide").count() == 3
    assert page.locator(".gallery-slide figcaption").first.is_visible()
