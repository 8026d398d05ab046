"""Throwaway PostgreSQL clusters for tests that need a server of their own (recovery, replication).

Each cluster lives in a temporary folder, listens on a free port of 127.0.0.1, is made with
``initdb`` by the ``postgres`` user and is killed and deleted when the test ends; the machine's own
cluster is never touched. The site talks to one through ``manage.py`` in a subprocess, as it would
in production.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from tests.servers import free_port

ROOT = Path(settings.BASE_DIR)


def server_binaries():
    """The server programs (initdb, pg_ctl) of the version the suite's PostgreSQL runs, as Debian installs them."""
    return Path(f"/usr/lib/postgresql/{connection.pg_version // 10000}/bin")


def missing_server_tools():
    """Why this machine cannot make a cluster (empty when it can)."""
    if not (server_binaries() / "initdb").is_file():
        return f"PostgreSQL server programs are not in {server_binaries()} (apt-get install postgresql)"
    if os.geteuid() != 0 and os.environ.get("USER") != "postgres":
        return "initdb must run as the postgres user: run as root (which switches to it) or as postgres"
    return ""


def postgres_prefix():
    """What runs a command as the ``postgres`` user (nothing when we are that user)."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def as_postgres(*command, check=True):
    result = subprocess.run([*postgres_prefix(), *map(str, command)], capture_output=True, text=True)
    if check and result.returncode:
        raise AssertionError(f"{command[0]} failed: {result.stderr or result.stdout}")
    return result


class Cluster:
    """One PostgreSQL server in ``folder/name``, with a ``newsroom`` database."""

    def __init__(self, folder, name="data"):
        self.folder, self.name, self.port, self.bin = folder, name, free_port(), server_binaries()
        self.data = folder / name
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/newsroom"

    def configure(self, extra=""):
        """Our port, loopback only, sockets in the test's folder; no fsync (nothing here must survive a crash)."""
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.folder}'\n"
                f"fsync = off\n{extra}"
            )

    def create(self, extra=""):
        """initdb, configure, start, and create the ``newsroom`` database."""
        as_postgres(self.bin / "initdb", "--auth=trust", "--username=postgres", "--encoding=UTF8", "-D", self.data)
        self.configure(extra)
        self.start()
        as_postgres(self.bin / "createdb", "-h", self.folder, "-p", self.port, "newsroom")

    def create_standby_of(self, primary):
        """A streaming replica of ``primary`` (pg_basebackup -R: standby.signal and primary_conninfo), started."""
        as_postgres(
            self.bin / "pg_basebackup", "-R", "-X", "stream", "-D", self.data, "-h", "127.0.0.1", "-p", primary.port,
            "-U", "postgres",
        )  # fmt: skip
        self.configure()  # after the primary's settings copied with the data: these win
        self.start()

    def start(self):
        log = self.folder / f"{self.name}.log"
        as_postgres(self.bin / "pg_ctl", "-D", self.data, "-l", log, "-w", "start")

    def stop(self):
        as_postgres(self.bin / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def sql(self, query, params=()):
        """Run one statement on this server directly (not through the site); its rows, if any."""
        with psycopg.connect(self.url, autocommit=True) as db:
            cursor = db.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def site(self, code, env=None):
        """Run ``code`` in the site's Django shell against this cluster; return what it prints."""
        env = {**os.environ, "DATABASE_URL": self.url, "ALLOWED_HOSTS": "testserver", "REDIS_URL": "", **(env or {})}
        env.pop("TEST_DB_NAME", None)
        command = [sys.executable, "manage.py", "shell", "--no-imports", "-c", code]
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if result.returncode:
            raise AssertionError(f"manage.py shell failed: {result.stderr[-3000:]}")
        return result.stdout.strip()


@contextmanager
def throwaway_folder(prefix, django_db_blocker, missing=""):
    """A folder for clusters, owned by ``postgres``; every cluster started in it is killed at the end.

    Skips (fails in CI, where ``.ci/run`` installs the tools) when this machine cannot make clusters.
    """
    with django_db_blocker.unblock():
        connection.ensure_connection()  # to read the server's version
    reason = missing or missing_server_tools()
    if reason:
        (pytest.fail if os.environ.get("CI") else pytest.skip)(reason)
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    try:
        yield folder
    finally:
        for pid_file in folder.glob("*/postmaster.pid"):
            as_postgres(
                server_binaries() / "pg_ctl", "-D", pid_file.parent, "-m", "immediate", "-w", "stop", check=False
            )
        shutil.rmtree(folder, ignore_errors=True)
