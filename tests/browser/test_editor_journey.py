"""The foundation's promise, in a real browser: an editor uploads a photo, writes an article with a
caption and tags in the rich-text editor, schedules it, and readers see it at its time, not before."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from media.models import Photo
from tests.browser.steps import wait_for_body_editor
from tests.factories import AuthorFactory, UserFactory

# Serialized rollback restores the migrated roles and menus that other browser tests flush away.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"
LEAD_TIME = timedelta(seconds=25)


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 675), (30, 90, 160)).save(buffer, format="JPEG")
    return buffer.getvalue()


def choose_in_autocomplete(page, select_id, text):
    """Pick ``text`` in one of the admin's select2 autocomplete boxes, as an editor would."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_editor_writes_and_schedules_an_article_that_appears_at_its_time(page, browser, live_server):
    UserFactory(username="night-editor", role="Editor")
    AuthorFactory(edition="en", name="Nadia Farouk", slug="nadia-farouk")

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "night-editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    # A photo for the library, with the words that travel with it.
    page.goto(f"{live_server.url}/admin/media/photo/add/")
    page.set_input_files("#id_image", {"name": "harbour.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()})
    page.fill("#id_alt_text", "Cranes over the container harbour at dusk")
    page.fill("#id_caption", "The harbour reopened on Monday after a week of strikes.")
    page.fill("#id_credit", "AP")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    photo = Photo.objects.get()

    # The article, written in the body editor.
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.select_option("#id_edition", "en")
    page.locator("#id_headline").press_sequentially("Harbour reopens after week-long strike")
    expect(page.locator("#id_slug")).to_have_value("harbour-reopens-after-week-long-strike")
    page.fill("#id_standfirst", "Dock workers accepted a new pay offer overnight.")
    wait_for_body_editor(page)
    page.evaluate(
        "tinymce.activeEditor.setContent("
        "'<h2>Back to work</h2><p>Ships queued outside the port began to dock at dawn.</p>')"
    )
    page.fill("#id_hero_photo", str(photo.pk))
    page.select_option("#id_section", label="Economy")  # named in the story's edition, not an autocomplete
    page.fill("#id_tags", "Ports, Labour")
    choose_in_autocomplete(page, "id_bylines-0-author", "Nadia Farouk")

    publish_at = timezone.localtime(timezone.now() + LEAD_TIME)
    page.select_option("#id_status", "scheduled")
    page.fill("#id_publish_at_0", publish_at.strftime("%Y-%m-%d"))
    page.fill("#id_publish_at_1", publish_at.strftime("%H:%M:%S"))
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    article = Article.objects.get()
    assert article.status == Article.Status.SCHEDULED
    assert list(article.tags.names()) == ["Ports", "Labour"]
    assert article.hero_photo == photo

    # A reader, in a browser of their own: nothing yet, then the story at its time.
    reader = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    url = f"{live_server.url}{article.get_absolute_url()}"
    assert reader.goto(url).status == 404
    reader.goto(f"{live_server.url}/en/")
    expect(reader.get_by_text("Harbour reopens after week-long strike")).to_have_count(0)

    wait_ms = (publish_at - timezone.now()).total_seconds() * 1000 + 1500
    reader.wait_for_timeout(max(wait_ms, 0))
    assert reader.goto(url).status == 200
    expect(reader.locator("h1")).to_have_text("Harbour reopens after week-long strike")
    expect(reader.locator("figcaption")).to_contain_text("The harbour reopened on Monday")
    expect(reader.locator("figcaption")).to_contain_text("AP")
    expect(reader.get_by_role("heading", name="Back to work")).to_be_visible()
    expect(reader.get_by_role("link", name="Nadia Farouk")).to_be_visible()
    reader.goto(f"{live_server.url}/en/")
    expect(reader.get_by_text("Harbour reopens after week-long strike").first).to_be_visible()
