"""PostgreSQL: ``pg_dump`` in directory format with parallel jobs, ``pg_restore -j`` back.

The dump, the row counts and the sample are all read in one exported snapshot, so what the
manifest says is exactly what the dump holds, while the site goes on writing. The client tools
must be at least as new as the server (``pg_dump`` 14 cannot dump a PostgreSQL 15 server); the
ones of the server's major version are preferred where Debian installs several side by side.

django-dbbackup wraps the same tools but pipes one ``pg_dump`` stream through Python, which
rules out the directory format and its parallel jobs, the point at a million articles.
"""

import contextlib
import os
import re
import shutil
import subprocess
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from .. import inventory
from ..manifest import BackupError
from .scratch import scratch_connection

FOLDER = "database"


def jobs():
    return settings.NEWSROOM_BACKUP_JOBS or os.cpu_count() or 1


def server_major(db=connection):
    db.ensure_connection()
    return db.pg_version // 10000


def tool(name):
    """The path of ``pg_dump``/``pg_restore`` matching the server, or a BackupError saying what to install."""
    major = server_major()
    candidates = [
        Path(settings.NEWSROOM_PG_BIN_DIR) / name if settings.NEWSROOM_PG_BIN_DIR else None,
        Path(f"/usr/lib/postgresql/{major}/bin/{name}"),
        shutil.which(name),
    ]
    for candidate in filter(None, candidates):
        if Path(candidate).is_file():
            found = tool_major(candidate)
            if found >= major:
                return str(candidate)
            raise BackupError(
                f"{candidate} is from PostgreSQL {found} but the server runs PostgreSQL {major}: install the "
                f"matching client tools (Debian: apt-get install postgresql-client-{major}) or set NEWSROOM_PG_BIN_DIR."
            )
    raise BackupError(f"{name} is not installed: apt-get install postgresql-client-{major} (Debian).")


def tool_major(path):
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"\(PostgreSQL\) (\d+)", output).group(1))


def environment(name=None):
    """libpq's environment for the site's database (or database ``name`` on the same server)."""
    params = connection.settings_dict
    values = {
        "PGHOST": params["HOST"],
        "PGPORT": str(params["PORT"] or ""),
        "PGUSER": params["USER"],
        "PGPASSWORD": params["PASSWORD"],
        "PGDATABASE": name or params["NAME"],
        "PGSSLMODE": params.get("OPTIONS", {}).get("sslmode", ""),
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def run(command, name=None, options=""):
    env = environment(name)
    if options:
        env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} {options}".strip()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{Path(command[0]).name} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def dump(folder):
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Everything below reads one moment of the database: the counts, the sample and the dump.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        found = inventory.take(connection, inventory.model_tables(connection))
        command = [tool("pg_dump"), "--format=directory", f"--jobs={jobs()}", f"--snapshot={snapshot}"]
        command += [f"--compress={settings.NEWSROOM_BACKUP_COMPRESSION}", f"--file={folder / FOLDER}"]
        run(command)
    return found


def load(folder, name):
    """``pg_restore -j`` the backup into the empty database ``name``, then gather statistics for the planner."""
    command = [tool("pg_restore"), "--exit-on-error", "--no-owner", "--no-privileges", f"--jobs={jobs()}"]
    # Index builds dominate a restore: give each job more memory to sort in, and skip waiting for
    # each loaded table's commit to reach the disk (a failed restore is simply run again).
    options = f"-c maintenance_work_mem={settings.NEWSROOM_RESTORE_MAINTENANCE_WORK_MEM} -c synchronous_commit=off"
    run([*command, f"--dbname={name}", str(folder / FOLDER)], name, options)
    with scratch_connection(name) as db, db.cursor() as cursor:
        cursor.execute("ANALYZE")


def restore(folder):
    tool("pg_restore")  # before anything is dropped
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    name = connection.settings_dict["NAME"]
    connection.close()
    load(folder, name)


@contextlib.contextmanager
def scratch(folder):
    name = f"{connection.settings_dict['NAME'][:40]}_check_{uuid.uuid4().hex[:8]}"
    quoted = connection.ops.quote_name(name)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {quoted}")
    try:
        load(folder, name)
        with scratch_connection(name) as db:
            yield db
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")


def describe():
    return {"database": "postgresql", "server": server_major(), "pg_dump": tool_major(tool("pg_dump"))}
