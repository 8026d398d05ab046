"""The main photo picker in a real browser: a dropped picture is uploaded in place and chosen; a picked
one shows its thumbnail, caption and credit."""

import base64
import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from media.models import Photo
from tests.browser.steps import wait_for_body_editor
from tests.factories import AuthorFactory, PhotoFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"
DROP = """async ({data, name}) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, {type: "image/png"}));
  const zone = document.querySelector("[data-drop-zone]");
  zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
}"""


def png_base64(size=(900, 600)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 90)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def log_in(page, live_server):
    UserFactory(username="picture-editor", role="Editor")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "picture-editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def choose_in_autocomplete(page, select_id, text):
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_a_dropped_picture_is_checked_uploaded_shown_and_saved_with_the_article(page, live_server):
    AuthorFactory(edition="en", name="Nadia Farouk", slug="nadia-farouk")
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/articles/article/add/")

    # Without alt text the library refuses it, in place, as the photo admin would.
    page.evaluate(DROP, {"data": png_base64(), "name": "quay.png"})
    expect(page.locator("[data-upload-errors]")).to_contain_text("alt text")
    assert not Photo.objects.exists()

    page.fill("[data-upload-field=alt_text]", "Fishing boats moored at the quay")
    page.fill("[data-upload-field=caption]", "Boats stayed in port as the storm passed.")
    page.fill("[data-upload-field=credit]", "Reuters")
    page.evaluate(DROP, {"data": png_base64(), "name": "quay.png"})
    card = page.locator(".photo-picker-card")
    expect(card.locator(".photo-picker-caption")).to_have_text("Boats stayed in port as the storm passed.")
    expect(card.locator(".photo-picker-credit")).to_have_text("Reuters")
    expect(card.locator("img")).to_have_attribute("src", Photo.objects.get().image.url)
    expect(page.locator("[data-upload-errors]")).to_be_hidden()
    photo = Photo.objects.get()
    expect(page.locator("#id_hero_photo")).to_have_value(str(photo.pk))

    page.select_option("#id_edition", "en")
    page.locator("#id_headline").press_sequentially("Storm keeps the fleet in port")
    page.fill("#id_standfirst", "Boats stayed in.")
    wait_for_body_editor(page)
    page.evaluate("tinymce.activeEditor.setContent('<p>The harbour master closed the port.</p>')")
    page.select_option("#id_section", label="Economy")  # a plain select in the story's edition
    choose_in_autocomplete(page, "id_bylines-0-author", "Nadia Farouk")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert Article.objects.get().hero_photo == photo
    assert photo.uploaded_by.username == "picture-editor"


def test_a_photo_picked_in_the_popup_shows_its_thumbnail_caption_and_credit(page, live_server):
    photo = PhotoFactory(caption="Crowds at the opening ceremony", credit="AFP")
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    expect(page.locator(".photo-picker-card")).to_be_hidden()
    with page.expect_popup() as opened:
        page.click("#lookup_id_hero_photo")
    popup = opened.value
    popup.locator("#result_list a", has_text="Crowds at the opening ceremony").click()
    card = page.locator(".photo-picker-card")
    expect(card.locator(".photo-picker-caption")).to_have_text("Crowds at the opening ceremony")
    expect(card.locator(".photo-picker-credit")).to_have_text("AFP")
    expect(card.locator("img")).to_have_attribute("src", photo.image.url)
    expect(page.locator("#id_hero_photo")).to_have_value(str(photo.pk))
