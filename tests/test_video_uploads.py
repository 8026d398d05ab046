"""Uploaded video files are checked by content (``ops.uploads``), in the model and through the admin."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media.models import Video
from ops.uploads import container
from tests.factories import UserFactory, image_file

pytestmark = pytest.mark.django_db

# The first bytes of real files of each kind, then filler standing for the media data.
MP4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00\x00\x00\x08free" + bytes(200)
MOV = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + b"\x00\x00\x00\x08wide" + bytes(200)
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm"
MKV = b"\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x88matroska"
OGV = b"OggS\x00\x02" + bytes(20) + b"\x01\x2a\x80theora" + bytes(100)


@pytest.mark.parametrize(
    "data, kind", [(MP4, "mp4"), (MOV, "mov"), (WEBM + bytes(100), "webm"), (MKV + bytes(100), "mkv"), (OGV, "ogv")]
)
def test_video_containers_are_known_by_their_first_bytes(data, kind):
    assert container(data[:64]) == kind


@pytest.mark.parametrize(
    "data",
    [
        b"<!doctype html><script>alert(1)</script>",
        image_file().read(),
        b"%PDF-1.7\n",
        b"PK\x03\x04zipfile",
        b"",
        b"\x00\x00\x00\x00ftypisom",  # a box of size 0 is no box
        b"\x1a\x45\xdf\xa3" + b"unknown doctype",
    ],
)
def test_anything_else_is_not_a_video(data):
    assert container(data[:64]) is None


def video(data, name="clip.mp4", **fields):
    return Video(title="Flood footage", file=SimpleUploadedFile(name, data, content_type="video/mp4"), **fields)


def test_a_web_page_named_like_a_video_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        video(b"<html><body>not a film</body></html>").full_clean()

    assert error.value.message_dict["file"] == [
        "This file is not a video we accept. Upload an MP4, MOV, WebM, Matroska (MKV) or Ogg video."
    ]


def test_a_file_over_the_limit_is_refused_before_it_is_read(settings):
    settings.NEWSROOM_VIDEO_MAX_MB = 1

    with pytest.raises(ValidationError) as error:
        video(MP4 + bytes(1024 * 1024)).full_clean()

    assert error.value.message_dict["file"] == ["The file is 1.0 MB; video files may be at most 1 MB."]


def test_an_accepted_video_is_stored_under_the_extension_of_what_it_is(settings):
    clip = video(WEBM + bytes(100), name="footage.html")
    clip.full_clean()
    clip.save()

    assert clip.file.name.endswith(".webm")
    assert (settings.MEDIA_ROOT / clip.file.name).read_bytes().startswith(WEBM)


def test_saving_a_video_again_does_not_check_the_stored_file_again():
    clip = video(MP4)
    clip.full_clean()
    clip.save()
    clip.title = "Flood footage, edited"

    clip.full_clean()  # the stored file is not a new upload


def test_the_admin_refuses_a_fake_video_and_keeps_nothing(client, settings):
    client.force_login(UserFactory(username="chief", is_superuser=True))

    response = client.post(
        reverse("admin:media_video_add"),
        {"title": "Flood footage", "file": SimpleUploadedFile("clip.mp4", b"GIF89a fake", content_type="video/mp4")},
    )

    assert response.status_code == 200
    assert "This file is not a video we accept" in response.content.decode()
    assert not Video.objects.exists()
    assert not (settings.MEDIA_ROOT / "videos").exists()


def test_the_admin_accepts_an_mp4(client):
    client.force_login(UserFactory(username="chief", is_superuser=True))

    response = client.post(
        reverse("admin:media_video_add"),
        {"title": "Flood footage", "file": SimpleUploadedFile("clip.MP4", MP4, content_type="video/mp4")},
    )

    assert response.status_code == 302
    assert Video.objects.get().file.name.endswith(".mp4")
