"""Without Redis, the site's gunicorn workers share one cache (diskcache's files under var/cache).

A local-memory cache would be one per process: each worker would count its own Most Read, keep
its own ticker and pages, and show readers a different site from request to request.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom import settings as site_settings
from readership import popularity

# What another worker does: count views, write them to the cache, read the counts back.
OTHER_WORKER = """
import json, os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
django.setup()
from readership import popularity
for article_id in (7, 7, 9):
    popularity.count_view("en", article_id)
popularity.flush_views()
print(json.dumps(popularity.view_counts("en")))
"""


@pytest.mark.skipif(bool(os.environ.get("REDIS_URL")), reason="REDIS_URL chooses Redis")
def test_without_redis_the_site_caches_in_files_all_workers_share():
    cache = site_settings.CACHES["default"]
    assert cache["BACKEND"] == "ops.cache.SharedFileCache"
    assert Path(cache["LOCATION"]).is_absolute()  # var/cache/ of the project unless CACHE_DIR says otherwise


def test_two_processes_on_one_cache_folder_see_the_same_most_read_counts(settings, tmp_path):
    folder = tmp_path / "cache"
    settings.CACHES = {"default": {"BACKEND": "ops.cache.SharedFileCache", "LOCATION": str(folder)}}
    popularity.count_view("en", 7)
    popularity.flush_views()

    environment = {**os.environ, "REDIS_URL": "", "EMBEDDED_CACHE": "disk", "CACHE_DIR": str(folder)}
    other = subprocess.run(
        [sys.executable, "-c", OTHER_WORKER], env=environment, capture_output=True, text=True, timeout=120, check=True
    )

    assert json.loads(other.stdout) == {"7": 3, "9": 1}  # this process's view too
    assert popularity.view_counts("en") == {7: 3, 9: 1}  # and the other's here
    assert popularity.most_read_ids("en") == [7, 9]


def test_the_shared_cache_keeps_its_files_open_from_request_to_request(tmp_path, monkeypatch):
    import diskcache.core

    from ops.cache import SharedFileCache

    opened = []
    connect = diskcache.core.sqlite3.connect
    monkeypatch.setattr(
        diskcache.core.sqlite3, "connect", lambda *args, **kwargs: opened.append(args) or connect(*args, **kwargs)
    )
    cache = SharedFileCache(str(tmp_path / "cache"), {"SHARDS": 1})
    cache.set("page", "one")
    first = len(opened)
    for _ in range(3):
        cache.close()  # what Django does when each request ends
        assert cache.get("page") == "one"
    assert first >= 1 and len(opened) == first
