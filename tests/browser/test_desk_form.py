"""The article desk in a browser: pickers follow the story's edition; the list fits a 1280-pixel screen."""

import pytest
from playwright.sync_api import expect

from taxonomy.models import Section, SectionLabel
from tests.browser.test_story_direction import log_in
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_choosing_the_edition_of_a_new_story_switches_its_pickers(page, live_server):
    politics = Section.objects.get(slug="politics")
    SectionLabel.objects.update_or_create(owner=politics, edition="ar", defaults={"name": "سياسة"})
    AuthorFactory(edition="ar", name="Amina Said")
    AuthorFactory(edition="en", name="Amina Stone")
    log_in(page, live_server, "/admin/articles/article/add/")
    page.select_option("#id_edition", "en")
    section_option = page.locator(f"#id_section option[value='{politics.pk}']")
    expect(section_option).to_have_text(politics.name)
    page.select_option("#id_edition", "ar")
    expect(section_option).to_have_text("سياسة")

    page.locator("#bylines-0 .select2-selection, .dynamic-bylines .select2-selection").first.click()
    page.locator(".select2-dropdown .select2-search__field").fill("Amina")
    results = page.locator(".select2-results__option")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Amina Said")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_article_list_fits_a_1280_pixel_screen_with_its_editions_column(page, live_server, language):
    writers = [AuthorFactory(name="Maria Fernanda Castillo Rodríguez"), AuthorFactory(name="Abdulrahman Al-Khatib")]
    for number in range(5):
        ArticleFactory(
            headline=f"Negotiators from both delegations agree on a framework for the river treaty, round {number}",
            authors=writers,
        )
    page.set_viewport_size({"width": 1280, "height": 800})
    page.context.add_cookies([{"name": "admin_language", "value": language, "url": live_server.url}])
    log_in(page, live_server, "/admin/articles/article/")
    expect(page.locator("#result_list")).to_be_visible()
    page_widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert page_widths[0] <= page_widths[1], f"the page scrolls sideways: {page_widths}"
    # The list's own box (Django lets it scroll on its own) does not scroll either.
    list_widths = page.evaluate("(box => [box.scrollWidth, box.clientWidth])(document.querySelector('.results'))")
    assert list_widths[0] <= list_widths[1], f"the list scrolls sideways: {list_widths}"
    editions = page.locator("#result_list th.column-in_editions")
    expect(editions).to_be_in_viewport()
    box = editions.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280
