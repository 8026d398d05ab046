import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.test.utils import override_settings

from tests.servers import free_port

S3_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture(scope="session", autouse=True)
def _cache_per_worker(worker_id, tmp_path_factory):
    """Give each xdist worker a cache of its own, since tests clear the cache.

    With REDIS_URL, the database number is the one in REDIS_URL plus the worker's index. Without
    it, the embedded cache shared by a site's workers (files under var/) is no place for tests:
    each test process gets a local-memory cache of its own, and what it starts a folder of its own.
    """
    from django.conf import settings

    location = settings.CACHES["default"].get("LOCATION", "")
    if not location.startswith("redis://"):
        # The servers and commands some tests start share a folder of this test process's own.
        os.environ["CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
        local = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
        with override_settings(CACHES=local):
            yield
        return
    parts = urlsplit(location)
    base = int(parts.path.strip("/") or 0)
    index = int(worker_id.removeprefix("gw")) + 1 if worker_id.startswith("gw") else 0
    caches = {
        "default": {**settings.CACHES["default"], "LOCATION": urlunsplit(parts._replace(path=f"/{base + index}"))}
    }
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Uploads go to a temporary folder and every test starts with an empty cache (and no unwritten views)."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    from readership import popularity

    settings.MEDIA_ROOT = tmp_path / "media"
    # A transactional test's flush or reload gives content types new ids; Django's cache would
    # still hand out the old ones (the audit log files entries under them).
    ContentType.objects.clear_cache()
    popularity._pending.clear()
    popularity._flushed_at = 0.0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def uncached(settings):
    """Pages built by their views, not served from the page cache: what a page costs to make."""
    settings.NEWSROOM_PAGE_CACHE = False


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language.

    A request to /ar/ leaves Arabic active in the thread (LocaleMiddleware does
    not reset it); with complete catalogues the next test's messages would be Arabic.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def editor(db):
    from tests.factories import UserFactory

    return UserFactory(username="editor", role="Editor")


@pytest.fixture
def reporter(db):
    from tests.factories import UserFactory

    return UserFactory(username="reporter", role="Reporter")


@pytest.fixture
def other_reporter(db):
    from tests.factories import UserFactory

    return UserFactory(username="reporter2", role="Reporter")


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return f"newsroom: database={engine} cache={cache} redis={'yes' if os.environ.get('REDIS_URL') else 'no'}"


def pytest_collection_modifyitems(items):
    """Tests that run the worker (``work_queue``) get the migrated rows back, whichever tests were collected.

    pytest-django serializes the database at setup only for tests whose ``django_db`` marker
    asks for it, and a module's plain ``pytestmark = django_db`` outranks the fixture's request:
    run such a module alone and its second worker test found no sections. The marker is
    put first on the test itself, so it is the closest.
    """
    for item in items:
        if "work_queue" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False)


@pytest.fixture
def plain_static_storage(settings):
    """Static files served from the source folders, with no collectstatic manifest needed."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def work_queue(django_db_serialized_rollback, transactional_db):
    """Runs the real worker loop (``tasks.worker.HeartbeatWorker``) in this thread until nothing is ready.

    Transactional: the worker commits as it would in production (and the sections and roles the
    migrations made are restored after the test). Its heartbeat thread is started
    but writes only its first beat (the long interval), which keeps SQLite's shared in-memory test
    database to one writer at a time; it offers no periodic tasks.
    """
    from django.utils.crypto import get_random_string

    from tasks.worker import HeartbeatWorker

    def run(worker_id=None):
        worker = HeartbeatWorker(
            queue_names=["*"],
            excluded_queue_names=[],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id or get_random_string(32),
            heartbeat_interval=3600,
            periodic=False,  # tests enqueue what they run
        )
        worker.run()
        return worker

    return run


@pytest.fixture(scope="session")
def s3_endpoint():
    """A real S3 API on loopback: moto in server mode, for media and backups in a bucket."""
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
def s3_bucket(s3_endpoint, monkeypatch):
    """``s3_bucket(name)`` makes a bucket on the S3 endpoint (emptied and removed after the test); a boto3 client."""
    import boto3

    for name, value in S3_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint)
    made = []

    def make(bucket):
        client.create_bucket(Bucket=bucket)
        made.append(bucket)
        return client

    yield make
    for bucket in made:
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                client.delete_object(Bucket=bucket, Key=item["Key"])
        client.delete_bucket(Bucket=bucket)


@pytest.fixture
def cache_reads(monkeypatch):
    """The round trips to the default cache from here on: one entry per outer ``get``/``get_many`` call."""
    from django.core.cache import caches

    backend = caches["default"]
    reads, depth = [], [0]

    def counted(read):
        def wrapper(*args, **kwargs):  # the local-memory get_many calls get per key: count the outer call
            reads.extend([args] if not depth[0] else [])
            depth[0] += 1
            try:
                return read(*args, **kwargs)
            finally:
                depth[0] -= 1

        return wrapper

    for name in ("get", "get_many"):
        monkeypatch.setattr(backend, name, counted(getattr(backend, name)))
    return reads
