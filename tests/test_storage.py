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
