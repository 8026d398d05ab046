"""Media in a real S3 API (moto in server mode on loopback): uploads, renditions and their addresses."""

import io
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from tests.factories import PhotoFactory, image_file
from tests.servers import free_port

pytestmark = pytest.mark.django_db

BUCKET = "meridian-media"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = shutil.which("moto_server") or str(Path(sys.executable).with_name("moto_server"))
    if not Path(server).exists():
        pytest.fail("moto_server is missing: it comes with requirements-dev.txt (moto[server])")
    port = free_port()
    process = subprocess.Popen(
        [server, "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("moto_server did not start")
            time.sleep(0.2)
    yield endpoint
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def s3_media(s3_endpoint, settings, monkeypatch):
    import boto3

    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint)
    client.create_bucket(Bucket=BUCKET)
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
    yield client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


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
    env = {**os.environ, **CREDENTIALS, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    code = f"import django; django.setup(); {script}"
    result = subprocess.run(
        [sys.executable, "-c", code, photo.image.name], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == photo.image.size
