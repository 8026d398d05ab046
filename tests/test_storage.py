"""Media addresses: the fast path gives exactly what Django's file system storage gives."""

import pytest
from django.core.files.storage import FileSystemStorage, default_storage

from ops.storage import MediaStorage

NAMES = [
    "renditions/2025/11/harbour-640.webp",
    "photos/2026/01/café au lait.jpg",
    "photos/2026/01/ملف.png",
    "photos/a#b?c.jpg",
    "/photos/leading-slash.jpg",
    "photos/../escape.jpg",
    "http://elsewhere.example/x.jpg",
    "",
]


def test_media_uses_the_fast_storage():
    assert isinstance(default_storage, MediaStorage)


@pytest.mark.parametrize("base_url", ["/media/", "https://cdn.example.com/media/", "/media"])
@pytest.mark.parametrize("name", NAMES)
def test_addresses_match_djangos(tmp_path, base_url, name):
    ours = MediaStorage(location=tmp_path, base_url=base_url)
    django = FileSystemStorage(location=tmp_path, base_url=base_url)
    assert ours.url(name) == django.url(name)


def test_s3_addresses_are_the_buckets_unsigned_ones():
    from newsroom.settings import media_storage
    from ops.objectstorage import S3MediaStorage

    chosen = media_storage({"MEDIA_STORAGE_URL": "s3://news/media?endpoint_url=http://127.0.0.1:9000"})
    storage = S3MediaStorage(**chosen["OPTIONS"])
    assert storage.url("photos/café.jpg") == "http://127.0.0.1:9000/news/media/photos/caf%C3%A9.jpg"
    cdn = S3MediaStorage(bucket_name="news", custom_domain="media.example.net")
    assert cdn.url("renditions/a-640.webp") == "https://media.example.net/renditions/a-640.webp"


def test_a_malformed_media_storage_url_is_refused_clearly():
    from django.core.exceptions import ImproperlyConfigured

    from newsroom.settings import media_storage

    with pytest.raises(ImproperlyConfigured, match="unknown option"):
        media_storage({"MEDIA_STORAGE_URL": "s3://news?colour=blue"})
    assert media_storage({})["BACKEND"] == "ops.storage.MediaStorage"
