"""Point-in-time recovery with pgBackRest, as docs/operations.md describes it, on a cluster of the test's own.

The story: an editor purges a story from the trash by mistake. The operator restores the
database to just before the purge from the last full backup plus the archived WAL, and the
story is back. The test starts its own PostgreSQL cluster (initdb in a temporary folder, on a
free port, as the ``postgres`` user) with WAL archiving to a pgBackRest repository; the
machine's main cluster is never touched. The site talks to it through ``manage.py`` in
subprocesses, as in production.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.servers import free_port

ROOT = Path(settings.BASE_DIR)
STANZA = "newsroom"


def server_binaries():
    """The server programs (initdb, pg_ctl) of the version the suite's PostgreSQL runs, as Debian installs them."""
    return Path(f"/usr/lib/postgresql/{connection.pg_version // 10000}/bin")


def missing_tools():
    """Why this machine cannot run the test (empty when it can)."""
    if not shutil.which("pgbackrest"):
        return "pgBackRest is not installed (apt-get install pgbackrest)"
    if not (server_binaries() / "initdb").is_file():
        return f"PostgreSQL server programs are not in {server_binaries()} (apt-get install postgresql)"
    if os.geteuid() != 0 and os.environ.get("USER") != "postgres":
        return "initdb must run as the postgres user: run as root (which switches to it) or as postgres"
    return ""


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="runs with the PostgreSQL suite (DATABASE_URL)"),
]


def as_postgres(*command, check=True):
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    result = subprocess.run([*prefix, *map(str, command)], capture_output=True, text=True)
    if check and result.returncode:
        raise AssertionError(f"{command[0]} failed: {result.stderr or result.stdout}")
    return result


class Cluster:
    """A PostgreSQL cluster in a temporary folder whose WAL is archived by pgBackRest."""

    def __init__(self, folder):
        self.folder, self.port, self.bin = folder, free_port(), server_binaries()
        self.data = folder / "data"
        self.config = folder / "pgbackrest.conf"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/newsroom"

    def pgbackrest(self, *args):
        return as_postgres("pgbackrest", f"--config={self.config}", f"--stanza={STANZA}", *args)

    def create(self):
        for name in ("log", "lock", "spool"):
            as_postgres("mkdir", self.folder / name)
        as_postgres(self.bin / "initdb", "--auth=trust", "--username=postgres", "--encoding=UTF8", "-D", self.data)
        self.config.write_text(
            "[global]\n"
            f"repo1-path={self.folder}/repo\nlog-path={self.folder}/log\nlock-path={self.folder}/lock\n"
            f"spool-path={self.folder}/spool\nlog-level-console=warn\nstart-fast=y\n"
            f"[{STANZA}]\npg1-path={self.data}\npg1-port={self.port}\npg1-socket-path={self.folder}\n"
        )
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.folder}'\n"
                "wal_level = replica\narchive_mode = on\n"
                f"archive_command = 'pgbackrest --config={self.config} --stanza={STANZA} archive-push %p'\n"
                "fsync = off\nmax_wal_size = 256MB\n"
            )
        if os.geteuid() == 0:
            shutil.chown(self.config, "postgres")
        self.start()
        self.pgbackrest("stanza-create")
        as_postgres(self.bin / "createdb", "-h", self.folder, "-p", self.port, "newsroom")

    def start(self):
        as_postgres(self.bin / "pg_ctl", "-D", self.data, "-l", self.folder / "server.log", "-w", "start")

    def stop(self):
        as_postgres(self.bin / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def site(self, code):
        """Run ``code`` in the site's Django shell against this cluster; return what it prints."""
        env = {**os.environ, "DATABASE_URL": self.url, "ALLOWED_HOSTS": "testserver", "REDIS_URL": ""}
        env.pop("TEST_DB_NAME", None)
        command = [sys.executable, "manage.py", "shell", "--no-imports", "-c", code]
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if result.returncode:
            raise AssertionError(f"manage.py shell failed: {result.stderr[-3000:]}")
        return result.stdout.strip()


@pytest.fixture
def cluster(django_db_blocker):
    with django_db_blocker.unblock():
        connection.ensure_connection()  # to read the server's version
    reason = missing_tools()
    if reason:
        # In CI (.ci/run installs the tools) a missing tool is a failure, not a skip.
        (pytest.fail if os.environ.get("CI") else pytest.skip)(reason)
    folder = Path(tempfile.mkdtemp(prefix="pitr-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    made = Cluster(folder)
    try:
        made.create()
        yield made
    finally:
        as_postgres(made.bin / "pg_ctl", "-D", made.data, "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(folder, ignore_errors=True)


ADMIN_PURGES = """
from django.contrib.auth.models import User
from django.test import Client
from articles.models import Article
admin = User.objects.create_superuser("chief", password="x")
story = Article.objects.get(slug="river-treaty")
client = Client()
client.force_login(admin)
response = client.post("/admin/articles/trashedarticle/", {
    "action": "delete_selected", "_selected_action": [story.pk], "post": "yes"})
print(response.status_code, Article.objects.filter(slug="river-treaty").count())
"""


def test_a_purged_story_comes_back_by_recovering_to_just_before_the_purge(cluster):
    cluster.site("from django.core.management import call_command; call_command('migrate', verbosity=0)")
    cluster.site(
        "from tests.factories import ArticleFactory; "
        "ArticleFactory(headline='River treaty signed', slug='river-treaty').move_to_trash()"
    )
    cluster.pgbackrest("backup", "--type=full")
    cluster.site(
        "from articles.models import Author; from tests.factories import ArticleFactory; "
        "ArticleFactory(slug='written-after-the-backup', authors=[Author.objects.get()])"
    )

    # What the operator reads off the audit log or the editor's account: the purge happened at
    # about this time. The test waits seconds where an operator would go back a minute.
    time.sleep(1.5)
    before_purge = cluster.site(
        "from django.db import connection; c = connection.cursor(); "
        "c.execute(\"SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS+00')\"); print(c.fetchone()[0])"
    )
    time.sleep(1.5)
    assert cluster.site(ADMIN_PURGES) == "302 0"
    cluster.pgbackrest("check")  # switches to a new WAL file and waits until it is archived

    cluster.stop()
    cluster.pgbackrest("restore", "--delta", "--type=time", f"--target={before_purge}", "--target-action=promote")
    cluster.start()

    found = cluster.site(
        "from articles.models import Article; "
        "print([(a.slug, a.deleted_at is None) for a in Article.objects.order_by('slug')])"
    )
    assert found == "[('river-treaty', False), ('written-after-the-backup', True)]"
