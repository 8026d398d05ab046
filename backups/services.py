"""Making, restoring and checking backups: what the management commands call.

A backup is written to ``<folder>.partial`` and renamed when complete, so a folder with a
manifest is always a whole backup; the previous complete one beside it lends its media files.
With a backup bucket (``BACKUP_STORAGE_URL``, ``remote``), the finished backup is copied there,
and a restore of a backup this machine does not have fetches it from there.
"""

import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from . import inventory, media, remote
from .engines import engine
from .manifest import FORMAT, MANIFEST, BackupError, check_schema, current_schema, read_manifest, write_manifest


def default_folder():
    return Path(settings.NEWSROOM_BACKUP_DIR) / f"newsroom-{timezone.now():%Y%m%dT%H%M%SZ}"


def previous_backup(folder):
    """The newest complete backup beside ``folder``, whose media files this one can link to."""
    siblings = [path for path in folder.parent.glob("*") if path != folder and (path / MANIFEST).is_file()]
    return max(siblings, key=lambda path: read_manifest(path)["created_at"], default=None)


def create_backup(folder=None):
    """Write a backup to ``folder`` (a new folder); return its manifest."""
    folder = Path(folder) if folder else default_folder()
    if folder.exists():
        raise BackupError(f"{folder} already exists; a backup goes into a new folder.")
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        manifest = write_into(partial, folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)  # never leave half a backup behind
        raise
    partial.rename(folder)
    if remote.configured():
        manifest["uploaded"] = remote.upload(folder)
    return manifest


def local_backups():
    """The complete backups in ``NEWSROOM_BACKUP_DIR``, by name, oldest first."""
    root = Path(settings.NEWSROOM_BACKUP_DIR)
    return sorted(path.name for path in root.glob("*") if (path / MANIFEST).is_file())


def located(folder):
    """The backup's folder on this machine, fetched from the backup bucket when only the bucket has it.

    ``folder`` is a path, or the name of a backup (``newsroom-20261204T031500Z``) in ``NEWSROOM_BACKUP_DIR``
    or in the bucket.
    """
    path = Path(folder)
    if path.exists() or len(path.parts) != 1:
        return path
    here = Path(settings.NEWSROOM_BACKUP_DIR) / path
    if here.exists() or not remote.configured():
        return here
    here.parent.mkdir(parents=True, exist_ok=True)
    return remote.fetch(path.name, here.parent)


def write_into(partial, folder):
    """The database, then the media, then the manifest: the folder is a backup once the manifest is in it."""
    started = time.monotonic()
    database = engine()
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "engine": database.describe(),
        "schema": current_schema(),
        "inventory": database.dump(partial),
    }
    manifest["database_seconds"] = round(time.monotonic() - started, 1)
    manifest["media"] = media.back_up(partial, previous_backup(folder))
    manifest["seconds"] = round(time.monotonic() - started, 1)
    write_manifest(partial, manifest)
    return manifest


def checked_manifest(folder):
    manifest = read_manifest(folder)
    if manifest["engine"]["database"] != connection.vendor:
        raise BackupError(
            f"This is a {manifest['engine']['database']} backup and the site runs on {connection.vendor}: "
            "a backup restores into the kind of database that made it."
        )
    check_schema(manifest)
    return manifest


def restore_backup(folder):
    """Replace the database and bring back the media of the backup in ``folder``; return its manifest."""
    folder = located(folder)
    manifest = checked_manifest(folder)
    engine().restore(folder)
    # An older backup is brought up to this code's schema.
    call_command("migrate", interactive=False, verbosity=0)
    manifest["restored_media"] = media.restore(folder)
    # Pages, menus, the ticker and Most Read all describe the old content.
    cache.clear()
    return manifest


def check_backup(folder):
    """Restore into a scratch database and compare counts and sampled rows; return ``(manifest, problems)``.

    The live database is not touched.
    """
    folder = located(folder)
    manifest = checked_manifest(folder)
    with engine().scratch(folder) as db:
        problems = inventory.verify(db, manifest["inventory"])
    return manifest, problems + media.missing(folder, manifest)
