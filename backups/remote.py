"""Backups copied to an object store, off the machine they were made on (``BACKUP_STORAGE_URL``).

When ``STORAGES`` has a ``backups`` storage (``newsroom.settings.backup_storage``: a private S3
bucket), each finished backup is uploaded under its folder's name, every file first and
``manifest.json`` last: as on disk, a backup whose manifest is in the bucket is whole. A restore
or check of a backup that is not on this machine fetches it from the bucket into
``NEWSROOM_BACKUP_DIR`` first (into ``<name>.partial``, renamed when complete).
"""

import shutil
from pathlib import Path, PurePosixPath

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files import File
from django.core.files.storage import storages

from .manifest import MANIFEST, BackupError

ALIAS = "backups"
STORE_ERRORS = (OSError, BotoCoreError, ClientError)


def configured():
    return ALIAS in storages.backends


def where():
    """The bucket and prefix, for messages: ``s3://bucket/prefix``."""
    store = storages[ALIAS]
    return f"s3://{store.bucket_name}/{store.location}".rstrip("/")


def files_of(folder):
    """Every file of a backup folder, the manifest last."""
    manifest = folder / MANIFEST
    return [*sorted(path for path in folder.rglob("*") if path.is_file() and path != manifest), manifest]


def upload(folder):
    """Copy the backup in ``folder`` to the bucket; ``{"to": where, "files": n, "bytes": n}``."""
    folder = Path(folder)
    store = storages[ALIAS]
    tally = {"to": f"{where()}/{folder.name}", "files": 0, "bytes": 0}
    try:
        for path in files_of(folder):
            with path.open("rb") as content:
                store.save(f"{folder.name}/{path.relative_to(folder).as_posix()}", File(content))
            tally["files"] += 1
            tally["bytes"] += path.stat().st_size
    except STORE_ERRORS as exc:
        raise BackupError(
            f"The backup in {folder} is complete, but copying it to {where()} failed: {exc}. "
            "Check BACKUP_STORAGE_URL and the credentials, then run `manage.py backup --upload "
            f"{folder}`."
        ) from exc
    return tally


def names():
    """The backups in the bucket (those whose manifest is there), oldest first."""
    try:
        folders, _files = storages[ALIAS].listdir("")
        return sorted(name for name in folders if storages[ALIAS].exists(f"{name}/{MANIFEST}"))
    except STORE_ERRORS as exc:
        raise BackupError(f"Could not list the backups in {where()}: {exc}") from exc


def walk(store, prefix):
    folders, files = store.listdir(prefix)
    for name in files:
        yield f"{prefix}/{name}"
    for name in folders:
        yield from walk(store, f"{prefix}/{name}")


def fetch(name, into):
    """Download the bucket's backup ``name`` to ``into/name``; return that folder."""
    store = storages[ALIAS]
    folder = Path(into) / name
    partial = folder.with_name(name + ".partial")
    if name not in names():
        raise BackupError(f"There is no backup called {name} here nor in {where()}.")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        keys = sorted(walk(store, name), key=lambda key: key == f"{name}/{MANIFEST}")
        for key in keys:
            target = partial / PurePosixPath(key).relative_to(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            with store.open(key, "rb") as source, target.open("wb") as copy:
                shutil.copyfileobj(source, copy)
    except STORE_ERRORS as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise BackupError(f"Could not fetch the backup {name} from {where()}: {exc}") from exc
    partial.rename(folder)
    return folder
