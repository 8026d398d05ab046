"""The main photo picker: the chosen photo's card, and pictures uploaded in place with the library's checks."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from media.models import Photo
from tests.factories import ArticleFactory, PhotoFactory, UserFactory

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:media_photo_upload")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def png(size=(640, 480)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 100, 200)).save(buffer, "PNG")
    return SimpleUploadedFile("dropped.png", buffer.getvalue(), content_type="image/png")


def test_the_article_form_shows_the_chosen_photos_thumbnail_caption_and_credit(client, editor):
    photo = PhotoFactory(caption="Crowds at the opening", credit="AFP")
    article = ArticleFactory(hero_photo=photo)
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert f'src="{photo.image.url}"' in html
    assert '<p class="photo-picker-caption">Crowds at the opening</p>' in html
    assert '<p class="photo-picker-credit">AFP</p>' in html
    assert f'data-upload-url="{UPLOAD}"' in html and "admin/js/photo_picker." in html


def test_a_photos_card_for_the_picker(client, reporter):
    photo = PhotoFactory(caption="Crowds", credit="AFP")
    client.force_login(reporter)
    card = client.get(reverse("admin:media_photo_card", args=[photo.pk])).json()
    assert card == {
        "id": photo.pk,
        "thumbnail": photo.image.url,
        "alt": photo.alt_text,
        "caption": "Crowds",
        "credit": "AFP",
        "size": 80,
    }
    missing = client.get(reverse("admin:media_photo_card", args=[photo.pk + 1]))
    assert missing.status_code == 404 and missing.json()["errors"]


def test_a_dropped_picture_joins_the_library_as_its_uploaders(client, reporter):
    client.force_login(reporter)
    response = client.post(UPLOAD, {"image": png(), "alt_text": "A blue square", "caption": "Blue", "credit": "Us"})
    assert response.status_code == 201
    photo = Photo.objects.get()
    assert response.json()["id"] == photo.pk and response.json()["caption"] == "Blue"
    assert (photo.width, photo.height, photo.uploaded_by) == (640, 480, reporter)
    assert photo.renditions.exists() and photo.social_crops.count() == 3


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"image": SimpleUploadedFile("logo.svg", SVG), "alt_text": "Logo"}, "image", "SVG, HTML and other markup"),
        ({"image": png(), "alt_text": ""}, "alt_text", "This field is required."),
        ({"alt_text": "Nothing"}, "image", "This field is required."),
    ],
)
def test_a_refused_picture_gets_the_photo_admins_words_and_nothing_is_stored(client, editor, fields, field, message):
    client.force_login(editor)
    response = client.post(UPLOAD, fields)
    assert response.status_code == 400
    assert any(message in text for text in response.json()["errors"][field])
    assert not Photo.objects.exists()


def test_an_oversized_picture_is_refused_by_its_pixel_count(client, editor):
    client.force_login(editor)
    buffer = io.BytesIO()
    Image.new("1", (13_000, 10)).save(buffer, "PNG")
    response = client.post(UPLOAD, {"image": SimpleUploadedFile("wide.png", buffer.getvalue()), "alt_text": "Wide"})
    assert response.status_code == 400
    assert "13000 × 10 pixels" in response.json()["errors"]["image"][0]


def test_uploads_need_post_and_the_right_to_add_photos(client, editor):
    client.force_login(editor)
    assert client.get(UPLOAD).status_code == 405
    client.force_login(UserFactory(username="viewer"))
    response = client.post(UPLOAD, {"image": png(), "alt_text": "A square"})
    assert response.status_code in {302, 403}
    assert not Photo.objects.exists()
