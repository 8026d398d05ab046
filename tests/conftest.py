import os

import pytest


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Uploads go to a temporary folder and every test starts with an empty cache."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


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
