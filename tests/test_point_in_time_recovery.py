"""Point-in-time recovery with pgBackRest, as docs/operations.md describes it, on a cluster of the test's own.

The story: an editor purges a story from the trash by mistake. The operator restores the
database to just before the purge from the last full backup plus the archived WAL, and the
story is back. The test starts its own PostgreSQL cluster (``tests.clusters``) with WAL
archiving to a pgBackRest repository; the machine's main cluster is never touched.
"""

import os
import shutil
import time

import pytest
from django.db import connection

from tests.clusters import Cluster, as_postgres, throwaway_folder

STANZA = "newsroom"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="runs with the PostgreSQL suite (DATABASE_URL)"),
]


class ArchivedCluster(Cluster):
    """A cluster whose WAL is archived by pgBackRest."""

    def __init__(self, folder):
        super().__init__(folder)
        self.config = folder / "pgbackrest.conf"

    def pgbackrest(self, *args):
        return as_postgres("pgbackrest", f"--config={self.config}", f"--stanza={STANZA}", *args)

    def create(self):
        for name in ("log", "lock", "spool"):
            as_postgres("mkdir", self.folder / name)
        self.config.write_text(
            "[global]\n"
            f"repo1-path={self.folder}/repo\nlog-path={self.folder}/log\nlock-path={self.folder}/lock\n"
            f"spool-path={self.folder}/spool\nlog-level-console=warn\nstart-fast=y\n"
            f"[{STANZA}]\npg1-path={self.data}\npg1-port={self.port}\npg1-socket-path={self.folder}\n"
        )
        if os.geteuid() == 0:
            shutil.chown(self.config, "postgres")
        super().create(
            "wal_level = replica\narchive_mode = on\n"
            f"archive_command = 'pgbackrest --config={self.config} --stanza={STANZA} archive-push %p'\n"
            "max_wal_size = 256MB\n"
        )
        self.pgbackrest("stanza-create")


@pytest.fixture
def cluster(django_db_blocker):
    missing = "" if shutil.which("pgbackrest") else "pgBackRest is not installed (apt-get install pgbackrest)"
    with throwaway_folder("pitr-", django_db_blocker, missing) as folder:
        made = ArchivedCluster(folder)
        made.create()
        yield made


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
