"""The article desk in a browser: pickers follow the story's edition; the list fits a 1280-pixel screen."""

import pytest
from playwright.sync_api import expect

from taxonomy.models import Section, SectionLabel
from tests.browser.test_story_direction import log_in
from tests.factories import AuthorFactory

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
