"""Media in a real S3 API (moto in server mode on loopback): uploads, renditions and their addresses."""

import io
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from tests.factories import PhotoFactory, image_file

pytestmark = pytest.mark.django_db

BUCKET = "meridian-media"


@pytest.fixture
def s3_media(s3_endpoint, s3_bucket, settings):
    client = s3_bucket(BUCKET)
    # Readers fetch media by unsigned addresses: the bucket is public-read, as a deployment sets it.
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/*"}
        ],
    }
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(public_read))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "ops.objectstorage.S3MediaStorage",
            "OPTIONS": {"bucket_name": BUCKET, "endpoint_url": s3_endpoint, "location": "media"},
        },
    }
    return client


def stored_keys(client):
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_an_upload_and_its_renditions_are_written_to_the_bucket(s3_media, settings):
    photo = PhotoFactory(image=image_file(size=(700, 350)))
    keys = stored_keys(s3_media)
    assert f"media/{photo.image.name}" in keys
    renditions = list(photo.renditions.all())
    assert len(renditions) == 6  # 320, 640 and 700 wide, WebP and JPEG
    assert {f"media/{rendition.file.name}" for rendition in renditions} <= keys
    assert not (Path(settings.MEDIA_ROOT) / photo.image.name).exists(), "nothing was written to local disk"
    assert type(default_storage._wrapped).__name__ == "S3MediaStorage"


def test_rendition_addresses_are_served_by_the_bucket(s3_media, s3_endpoint):
    photo = PhotoFactory(image=image_file(size=(700, 350)))
    rendition = photo.renditions.get(width=640, format="webp")
    url = rendition.file.url
    assert url.startswith(f"{s3_endpoint}/{BUCKET}/media/")
    with urllib.request.urlopen(url, timeout=5) as answer:
        picture = Image.open(io.BytesIO(answer.read()))
    assert (picture.format, picture.size) == ("WEBP", (640, 320))


def test_a_photo_uploaded_here_is_read_by_another_process(s3_media, s3_endpoint):
    """Another app server (a separate process, its own storage object) opens what this one stored."""
    photo = PhotoFactory(image=image_file(size=(500, 250)))
    script = (
        "import sys; from ops.objectstorage import S3MediaStorage;"
        f"s = S3MediaStorage(bucket_name={BUCKET!r}, endpoint_url={s3_endpoint!r}, location='media');"
        "sys.stdout.write(str(len(s.open(sys.argv[1]).read())))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    code = f"import django; django.setup(); {script}"
    result = subprocess.run(
        [sys.executable, "-c", code, photo.image.name], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == photo.image.size
