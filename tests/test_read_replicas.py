"""Read replicas (``ops.replicas``) against a real PostgreSQL streaming replica of the test's own.

A primary and a standby made with ``pg_basebackup -R`` (``tests.clusters``); the site runs in a
subprocess with ``DATABASE_URL`` on the primary and ``DATABASE_REPLICA_URLS`` on the standby. To
see which side answered, the standby's replay is paused (``pg_wal_replay_pause()``) and the story's
headline changed on the primary: the old headline can only come from the replica, the new one only
from the primary. The queries each connection ran are counted too.
"""

import json
import time

import pytest
from django.db import connection

from tests.clusters import Cluster, postgres_prefix, throwaway_folder

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="runs with the PostgreSQL suite (DATABASE_URL)"),
]

OLD, NEW = "Ministers agree on river treaty", "Treaty talks collapse at dawn"

SETUP = f"""
from django.contrib.auth.models import Group, User
from tests.factories import ArticleFactory
story = ArticleFactory(headline={OLD!r}, slug="river-treaty")
editor = User.objects.create_user("amira", password="a-long-passphrase", is_staff=True)
editor.groups.add(Group.objects.get(name="Editor"))
"""

# What each scenario's code may use: ``get(client, path)`` answers the status, which headline the
# page showed and how many queries each database ran for it (the replicas' lag checks counted apart).
SITE = (
    f"OLD, NEW = {OLD!r}, {NEW!r}\n"
    + """
import json
from django.conf import settings
from django.db import connections
from django.test import Client, override_settings
from articles.models import Article

override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
story = Article.objects.get(slug="river-treaty")
counted = {"default": 0, "replica_1": 0, "lag_checks": 0}

def counter(alias):
    def count(execute, sql, params, many, context):
        counted["lag_checks" if "pg_last_wal" in sql else alias] += 1
        return execute(sql, params, many, context)
    return count

for alias in ("default", "replica_1"):
    connections[alias].execute_wrappers.append(counter(alias))

def get(client, path, **extra):
    before = dict(counted)
    response = client.get(path, **extra)
    body = response.content.decode()
    shown = [name for name, text in (("old", OLD), ("new", NEW)) if text in body]
    return {"status": response.status_code, "shown": shown, "pins": "primary_reads" in response.cookies,
            **{alias: counted[alias] - before[alias] for alias in counted}}

def new_client():
    return Client(raise_request_exception=False)

def report(**found):
    print(json.dumps(found))
"""
)


@pytest.fixture(scope="module")
def pair(django_db_blocker):
    with throwaway_folder("replicas-", django_db_blocker) as folder:
        primary = Cluster(folder, "primary")
        primary.create()
        primary.site("from django.core.management import call_command; call_command('migrate', verbosity=0)")
        primary.site(SETUP)
        standby = Cluster(folder, "standby")
        standby.create_standby_of(primary)
        yield primary, standby


@pytest.fixture
def replica(pair, tmp_path):
    """The standby running and caught up, the story back to its old headline on both sides."""
    primary, standby = pair
    if not (standby.data / "postmaster.pid").exists():
        standby.start()
    standby.sql("SELECT pg_wal_replay_resume()")
    primary.sql("UPDATE articles_article SET headline = %s WHERE slug = 'river-treaty'", [OLD])
    caught_up(primary, standby)
    return primary, standby


def caught_up(primary, standby, seconds=30):
    (target,) = primary.sql("SELECT pg_current_wal_lsn()")[0]
    deadline = time.monotonic() + seconds
    while not standby.sql("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])[0][0]:
        assert time.monotonic() < deadline, "the standby did not catch up"
        time.sleep(0.1)


def diverge(primary, standby):
    """Pause the standby's replay, then give the story its new headline on the primary only."""
    standby.sql("SELECT pg_wal_replay_pause()")
    while standby.sql("SELECT pg_get_wal_replay_pause_state()")[0][0] != "paused":
        time.sleep(0.05)
    primary.sql("UPDATE articles_article SET headline = %s WHERE slug = 'river-treaty'", [NEW])
    (target,) = primary.sql("SELECT pg_current_wal_lsn()")[0]
    # Received but not replayed: the replica knows it is behind.
    while not standby.sql("SELECT pg_last_wal_receive_lsn() >= %s::pg_lsn", [target])[0][0]:
        time.sleep(0.05)


def run(pair, code, tmp_path, max_lag=30, check_seconds=60, page_cache=False):
    primary, standby = pair
    env = {
        "DATABASE_REPLICA_URLS": standby.url,
        "DATABASE_REPLICA_MAX_LAG": str(max_lag),
        "DATABASE_REPLICA_CHECK_SECONDS": str(check_seconds),
        "NEWSROOM_PAGE_CACHE": "1" if page_cache else "0",
        "MEDIA_ROOT": str(tmp_path),
        "CACHE_DIR": str(tmp_path / "cache"),  # a cache of its own: no other run's recent change in it
    }
    return json.loads(primary.site(SITE + code, env).splitlines()[-1])


def test_public_pages_read_the_replica_and_check_its_lag_once_per_interval(replica, tmp_path):
    diverge(*replica)
    found = run(
        replica,
        "reader = new_client()\n"
        "report(pages=[get(reader, story.get_absolute_url()) for _ in range(3)],"
        " outside_a_request=Article.objects.get(pk=story.pk).headline)",
        tmp_path,
    )
    for page in found["pages"]:
        assert page["status"] == 200
        assert page["shown"] == ["old"], "the page came from the replica, whose replay is paused"
        assert page["replica_1"] > 0
        assert page["default"] == 0
        assert not page["pins"]
    assert sum(page["lag_checks"] for page in found["pages"]) == 1, "checked once, then trusted for the interval"
    # Task workers, commands and the shell read the primary.
    assert found["outside_a_request"] == NEW


def test_the_admin_reads_the_primary(replica, tmp_path):
    diverge(*replica)
    found = run(
        replica,
        "from django.contrib.auth.models import User\n"
        "editor = new_client(); editor.force_login(User.objects.get(username='amira'))\n"
        "report(admin=get(editor, f'/admin/articles/article/{story.pk}/change/'))",
        tmp_path,
    )
    assert found["admin"]["status"] == 200
    assert found["admin"]["shown"] == ["new"]
    assert found["admin"]["replica_1"] == 0


def test_an_editor_who_saved_reads_the_primary_and_readers_the_replica(replica, tmp_path):
    """Read your writes: the POST pins the editor's browser to the primary; other readers are not pinned."""
    diverge(*replica)
    found = run(
        replica,
        "from django.contrib.auth.models import User\n"
        "editor = new_client(); editor.force_login(User.objects.get(username='amira'))\n"
        "unpublished = editor.post('/admin/articles/article/', {'action': 'unpublish',"
        " '_selected_action': [story.pk]})\n"
        "report(post=unpublished.status_code, pinned='primary_reads' in unpublished.cookies,"
        " editor=get(editor, story.get_absolute_url()), reader=get(new_client(), story.get_absolute_url()),"
        " status=Article.objects.get(pk=story.pk).status)",
        tmp_path,
    )
    assert found["post"] == 302
    assert found["status"] == "unpublished"
    assert found["pinned"]
    assert found["editor"]["status"] == 404, "the editor sees the unpublish at once"
    assert found["editor"]["replica_1"] == 0
    assert not found["editor"]["pins"], "reading the primary does not renew the pin: it ends after its seconds"
    assert found["reader"]["status"] == 200, "a reader still reads the replica, where the story is still up"
    assert found["reader"]["shown"] == ["old"]
    replica[0].sql("UPDATE articles_article SET status = 'published' WHERE slug = 'river-treaty'")


def test_a_replica_lagging_past_the_bound_is_left_for_the_primary(replica, tmp_path):
    diverge(*replica)
    time.sleep(1.5)  # the replica's last replayed transaction is now more than a second old, and more is waiting
    found = run(replica, "report(page=get(new_client(), story.get_absolute_url()))", tmp_path, max_lag=1)
    assert found["page"]["status"] == 200
    assert found["page"]["shown"] == ["new"]
    assert found["page"]["replica_1"] == 0


def test_an_idle_replica_with_nothing_to_replay_is_not_lagging(replica, tmp_path):
    time.sleep(1.5)  # no write since the replica caught up: the time since the last transaction is no lag
    found = run(replica, "report(page=get(new_client(), story.get_absolute_url()))", tmp_path, max_lag=1)
    assert found["page"]["status"] == 200
    assert found["page"]["replica_1"] > 0


def test_a_replica_stopped_between_checks_falls_back_to_the_primary_without_an_error(replica, tmp_path):
    standby = replica[1]
    stop = [str(standby.bin / "pg_ctl"), "-D", str(standby.data), "-m", "fast", "-w", "stop"]
    found = run(
        replica,
        "import subprocess\n"
        "reader = new_client()\n"
        "before = get(reader, story.get_absolute_url())\n"
        f"subprocess.run({postgres_prefix() + stop!r}, check=True, capture_output=True)\n"
        "report(before=before, after=[get(reader, story.get_absolute_url()) for _ in range(2)])",
        tmp_path,
    )
    assert found["before"]["replica_1"] > 0
    for page in found["after"]:
        assert page["status"] == 200
        assert page["shown"] == ["old"]
        assert page["default"] > 0
    # Once failed, the replica is left out until the next check, not tried on every request.
    assert found["after"][1]["replica_1"] == 0


def test_a_replica_that_is_down_leaves_reads_to_the_primary(replica, tmp_path):
    replica[1].stop()
    found = run(replica, "report(page=get(new_client(), story.get_absolute_url()))", tmp_path)
    assert found["page"]["status"] == 200
    assert found["page"]["default"] > 0
    assert found["page"]["replica_1"] == 0


def test_a_page_cached_just_after_a_change_is_built_from_the_primary(replica, tmp_path):
    """Otherwise a replica without the change would fill the page cache with the old page for everyone."""
    diverge(*replica)
    found = run(
        replica,
        "from pagecache.generations import invalidate\n"
        "before = get(new_client(), story.get_absolute_url())\n"
        "invalidate(['en'])  # what saving a story of the edition does\n"
        "after = get(new_client(), story.get_absolute_url())\n"
        "report(before=before, after=after, served=get(new_client(), story.get_absolute_url()))",
        tmp_path,
        page_cache=True,
    )
    assert found["before"]["shown"] == ["old"] and found["before"]["replica_1"] > 0
    assert found["after"]["shown"] == ["new"] and found["after"]["replica_1"] == 0
    assert found["served"]["shown"] == ["new"], "the cached copy is the primary's"
