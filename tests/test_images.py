"""Uploaded pictures: judged by content, limited in size and pixels, stored without metadata."""

import base64
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, features

from media import images
from media.models import Photo
from tests.factories import PhotoFactory
from wire.services import WireIngester

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'


def picture_bytes(format="JPEG", size=(40, 20), mode="RGB", exif=None, **options):
    buffer = io.BytesIO()
    image = Image.new(mode, size, 120)
    if exif is not None:
        options["exif"] = exif
    image.save(buffer, format, **options)
    return buffer.getvalue()


def exif_with_gps_and_orientation(orientation=1):
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Spy Camera Co"  # Make
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)})
    return exif


def upload_photo(data, name="photo.jpg"):
    photo = Photo(image=SimpleUploadedFile(name, data), alt_text="A street")
    photo.full_clean()
    photo.save()
    photo.refresh_from_db()
    return photo


def stored_image(photo):
    with photo.image.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
        return image


def refusal_code(data):
    with pytest.raises(ValidationError) as caught:
        images.inspect_image(data)
    return caught.value.code


# --- what is kept -------------------------------------------------------------------


def test_gps_position_is_removed_from_an_uploaded_jpeg():
    original = Image.open(io.BytesIO(picture_bytes(exif=exif_with_gps_and_orientation())))
    assert original.getexif().get_ifd(GPS_IFD), "the fixture must carry a GPS position"

    stored = stored_image(upload_photo(picture_bytes(exif=exif_with_gps_and_orientation())))

    assert not stored.getexif().get_ifd(GPS_IFD)
    assert "exif" not in stored.info


def test_camera_details_are_removed_from_an_uploaded_jpeg():
    stored = stored_image(upload_photo(picture_bytes(exif=exif_with_gps_and_orientation())))

    assert dict(stored.getexif()) == {}


def test_exif_orientation_is_applied_before_the_metadata_goes():
    # Orientation 6: the camera was turned; the picture is shown rotated 90°.
    photo = upload_photo(picture_bytes(size=(40, 20), exif=exif_with_gps_and_orientation(orientation=6)))

    assert (photo.width, photo.height) == (20, 40)
    assert stored_image(photo).size == (20, 40)


def test_png_text_chunks_are_removed():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Location", "51.5 N, 0.12 W")
    stored = stored_image(upload_photo(picture_bytes("PNG", pnginfo=info), name="chart.png"))

    assert "Location" not in stored.info


def test_file_is_stored_under_the_extension_of_its_real_format():
    photo = upload_photo(picture_bytes("PNG"), name="looks-like.jpg")

    assert photo.image.name.endswith(".png")
    assert stored_image(photo).format == "PNG"


def test_animated_gif_keeps_its_frames():
    frames = [Image.new("RGB", (10, 10), colour) for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)

    stored = stored_image(upload_photo(buffer.getvalue(), name="loop.gif"))

    assert stored.n_frames == 3


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP", "GIF"])
def test_each_web_format_is_accepted(format):
    photo = upload_photo(picture_bytes(format), name=f"picture.{format.lower()}")

    assert photo.width == 40


@pytest.mark.skipif(not features.check("avif"), reason="this Pillow cannot read AVIF")
def test_avif_is_accepted_where_pillow_reads_it():
    photo = upload_photo(picture_bytes("AVIF"), name="picture.avif")

    assert photo.image.name.endswith(".avif")


# --- what is refused ----------------------------------------------------------------


def test_svg_is_refused_even_when_named_like_a_jpeg():
    assert refusal_code(SVG) == "markup"


def test_html_file_is_refused():
    assert refusal_code(b"<!DOCTYPE html><html><script>alert(1)</script></html>") == "markup"


def test_jpeg_with_html_appended_is_refused_as_a_polyglot():
    assert refusal_code(picture_bytes() + b"<script>alert(document.cookie)</script>") == "polyglot"


def test_gif_with_a_zip_archive_appended_is_refused_as_a_polyglot():
    archive = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("payload.class", b"\xca\xfe\xba\xbe")
    assert refusal_code(picture_bytes("GIF", mode="P") + archive.getvalue()) == "polyglot"


def test_jpeg_with_svg_in_its_comment_is_refused():
    data = picture_bytes(comment=b'<svg onload="alert(1)">')

    assert refusal_code(data) == "polyglot"


def test_tiff_is_refused_by_format():
    assert refusal_code(picture_bytes("TIFF")) == "format"


def test_bmp_is_refused_by_format():
    assert refusal_code(picture_bytes("BMP")) == "format"


def test_text_is_not_a_picture():
    assert refusal_code(b"just some words, not a picture") == "not_an_image"


def test_empty_file_is_refused():
    assert refusal_code(b"") == "empty"


def test_too_many_pixels_is_refused_before_decoding():
    # 10000 × 5000 one-bit pixels: a few kilobytes of PNG, 50 megapixels decoded.
    data = picture_bytes("PNG", size=(10_000, 5_000), mode="1")
    assert len(data) < 200_000

    assert refusal_code(data) == "too_many_pixels"


def test_a_very_long_side_is_refused():
    assert refusal_code(picture_bytes("PNG", size=(13_000, 10), mode="1")) == "too_many_pixels"


def test_decompression_bomb_beyond_pillows_own_limit_is_refused(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)

    assert refusal_code(picture_bytes("PNG", size=(100, 100), mode="1")) == "too_many_pixels"


def test_oversized_file_is_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_BYTES", 1_000)

    assert refusal_code(picture_bytes(size=(400, 400)) + b"\0" * 1_000) == "too_large"


def test_truncated_picture_is_refused_as_damaged():
    data = picture_bytes("PNG", size=(200, 200))

    with pytest.raises(ValidationError) as caught:
        images.prepare_image(data[: len(data) // 2])
    assert caught.value.code in {"damaged", "not_an_image"}


def test_model_clean_puts_the_refusal_on_the_image_field():
    photo = Photo(image=SimpleUploadedFile("logo.svg", SVG), alt_text="Logo")

    with pytest.raises(ValidationError) as caught:
        photo.full_clean()
    assert "image" in caught.value.message_dict


def test_saving_a_refused_file_without_clean_still_fails():
    photo = Photo(image=SimpleUploadedFile("logo.jpg", SVG), alt_text="Logo")

    with pytest.raises(ValidationError):
        photo.save()
    assert not Photo.objects.exists()


def test_editing_a_photos_words_does_not_reprocess_the_file():
    photo = PhotoFactory()
    name = photo.image.name

    photo.caption = "New caption"
    photo.save()

    assert photo.image.name == name


# --- the admin ------------------------------------------------------------------------


def post_photo(client, user, data, name):
    client.force_login(user)
    return client.post(
        reverse("admin:media_photo_add"),
        {"image": SimpleUploadedFile(name, data), "alt_text": "A street", "caption": "", "credit": "AP"},
    )


def test_admin_explains_an_svg_refusal(client, editor):
    response = post_photo(client, editor, SVG, "logo.svg")

    assert response.status_code == 200
    assert "SVG, HTML and other markup files are not accepted" in response.content.decode()
    assert not Photo.objects.exists()


def test_admin_explains_a_pixel_limit_refusal(client, editor):
    response = post_photo(client, editor, picture_bytes("PNG", size=(13_000, 10), mode="1"), "wide.png")

    assert "13000 × 10 pixels" in response.content.decode()


def test_admin_explains_a_polyglot_refusal(client, editor):
    response = post_photo(client, editor, picture_bytes() + b"<script>x</script>", "photo.jpg")

    assert "something else hidden in it" in response.content.decode()


def test_admin_upload_is_stored_without_gps(client, editor):
    response = post_photo(client, editor, picture_bytes(exif=exif_with_gps_and_orientation()), "street.jpg")

    assert response.status_code == 302
    assert not stored_image(Photo.objects.get()).getexif().get_ifd(GPS_IFD)


# --- the wire -------------------------------------------------------------------------


def wire_item(data, mime="image/jpeg"):
    href = f"data:{mime};base64,{base64.b64encode(data).decode()}"
    return {
        "uri": "urn:test:story-with-picture",
        "type": "text",
        "headline": "Floods in the valley",
        "body_html": "<p>Rivers burst their banks.</p>",
        "language": "en",
        "associations": {
            "featureimage": {
                "uri": "urn:test:picture",
                "type": "picture",
                "headline": "Flooded street",
                "renditions": {"original": {"href": href, "mimetype": mime}},
            }
        },
    }


def test_wire_picture_is_stored_without_gps():
    outcome = WireIngester().ingest(wire_item(picture_bytes(exif=exif_with_gps_and_orientation())))

    assert outcome.status == "created", outcome.message
    photo = outcome.article.hero_photo
    assert not stored_image(photo).getexif().get_ifd(GPS_IFD)


def test_wire_svg_picture_is_rejected_with_the_same_rule():
    outcome = WireIngester().ingest(wire_item(SVG, mime="image/svg+xml"))

    assert outcome.status == "rejected"
    assert "SVG" in outcome.message
    assert not Photo.objects.exists()
