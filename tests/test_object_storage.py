"""Media in a real S3 API (moto in server mode on loopback): uploads, renditions and their addresses."""

import io
import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image

from ops.objectstorage import S3MediaStorage
from tests.factories import PhotoFactory, image_file
from tests.servers import free_port, log_in, manage, site_environment, start_gunicorn, stop, wait_for

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


def test_the_original_is_read_once_for_all_renditions_and_crops(s3_media, monkeypatch):
    reads = []
    original_open = S3MediaStorage._open
    monkeypatch.setattr(
        S3MediaStorage,
        "_open",
        lambda storage, name, mode="rb": reads.append(name) or original_open(storage, name, mode),
    )
    photo = PhotoFactory(image=image_file(size=(700, 350)))
    assert reads == [photo.image.name]
    assert photo.renditions.count() == 6 and photo.social_crops.exists()


def made_story_url():
    """Run inside the site (``manage.py shell``): a published story with the newest photo; its address."""
    from media.models import Photo
    from tests.factories import ArticleFactory

    print(ArticleFactory(hero_photo=Photo.objects.latest("pk")).get_absolute_url())


def test_a_picture_uploaded_through_one_app_server_is_served_through_another(s3_media, s3_endpoint, tmp_path):
    """Two gunicorns share one database and one bucket, and no disk: what one stored, the other serves."""
    env = site_environment(
        tmp_path,
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        MEDIA_STORAGE_URL=f"s3://{BUCKET}/media?endpoint_url={s3_endpoint}",
    )
    manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from tests.factories import UserFactory; UserFactory(username='amira', role='Editor')",
    )
    ports = [free_port(), free_port()]
    servers = [start_gunicorn(env, port) for port in ports]
    try:
        for port in ports:
            wait_for(f"http://127.0.0.1:{port}/healthz")
        first, second = (f"http://127.0.0.1:{port}" for port in ports)
        session = log_in(first, "amira", "correct-horse-battery")
        add = f"{first}/{settings.ADMIN_PATH}media/photo/add/"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', session.get(add, timeout=10).text).group(1)
        upload = session.post(
            add,
            data={
                "csrfmiddlewaretoken": token,
                "alt_text": "Cranes at dusk",
                "caption": "The harbour",
                "credit": "Desk",
            },
            files={"image": ("harbour.jpg", image_file(size=(700, 350)).read(), "image/jpeg")},
            headers={"Origin": first, "Referer": add},
            allow_redirects=False,
            timeout=30,
        )
        assert upload.status_code == 302, upload.text[:2000]
        story = manage(
            env, "shell", "--no-imports", "-c", "from tests.test_object_storage import made_story_url; made_story_url()"
        )
        page = requests.get(second + story.strip(), timeout=10)
    finally:
        for server in servers:
            stop(server)
    assert page.status_code == 200
    candidates = [part.split()[0] for value in re.findall(r'srcset="([^"]+)"', page.text) for part in value.split(",")]
    assert len(candidates) == 6  # 320, 640 and 700 wide, WebP and JPEG
    for address in candidates:
        assert address.startswith(f"{s3_endpoint}/{BUCKET}/media/")
        with urllib.request.urlopen(address, timeout=5) as answer:
            assert Image.open(io.BytesIO(answer.read())).format in {"WEBP", "JPEG"}
    assert not any((tmp_path / "media").rglob("*.*")), "an app server wrote media to its disk"
