"""Whole-site backups: one ``.tar.gz`` with the database as JSON and every media file.

The archive holds ``manifest.json`` (when, which migrations, how many rows),
``data.json`` (``dumpdata`` with natural foreign keys, so it loads into a fresh
database whose content types and permissions were numbered differently) and
``media/`` (uploads and renditions). It works the same on SQLite and
PostgreSQL, and a backup from one loads into the other.

Left out: content types and permissions (recreated by ``migrate``), sessions,
login-attempt records, and the search index and sitemap months, which ``restore`` rebuilds.
"""

import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT_VERSION = 1
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    "discovery.searchdocument",
    "discovery.sitemapmonth",
]


class BackupError(Exception):
    """A backup that cannot be restored here; the message says why and what to do."""


def applied_migrations():
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def media_files(root):
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def create_backup(destination):
    """Write the archive to ``destination`` (a path); return the manifest."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        data_path = Path(scratch) / "data.json"
        # One transaction: rows that reference each other are dumped as of one moment.
        with transaction.atomic():
            call_command(
                "dumpdata",
                exclude=EXCLUDED,
                natural_foreign=True,
                output=str(data_path),
                verbosity=0,
            )
        rows = json.loads(data_path.read_text(encoding="utf-8"))
        files = media_files(settings.MEDIA_ROOT)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": applied_migrations(),
            "rows": len(rows),
            "media_files": len(files),
        }
        with tarfile.open(destination, "w:gz") as archive:
            add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(data_path, arcname="data.json")
            for path in files:
                archive.add(path, arcname=f"media/{path.relative_to(settings.MEDIA_ROOT).as_posix()}")
    return manifest


def add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def read_manifest(archive):
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except (KeyError, json.JSONDecodeError) as exc:
        raise BackupError("This is not a newsroom backup (no readable manifest.json).") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Backup format {manifest.get('format')} is not supported (expected {FORMAT_VERSION}).")
    return manifest


def check_schema(manifest):
    """Refuse a backup made by newer code: its rows may have fields this database lacks."""
    unknown = sorted(set(manifest["migrations"]) - set(applied_migrations()))
    if unknown:
        raise BackupError(
            "The backup was made after migrations this database has not applied: "
            + ", ".join(unknown[:10])
            + ". Update the code and run `manage.py migrate` first."
        )


def restore_backup(source):
    """Replace the database content and media with the archive's; return the manifest."""
    with tempfile.TemporaryDirectory() as scratch:
        manifest = unpack(source, Path(scratch))
        with transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(Path(scratch) / "data.json"), verbosity=0)
        copy_media(Path(scratch) / "media", Path(settings.MEDIA_ROOT))
    call_command("rebuild_search_index", verbosity=0, stdout=io.StringIO())
    call_command("rebuild_sitemap_months", verbosity=0, stdout=io.StringIO())
    # Pages, menus, the ticker and Most Read all describe the old content. Loading rows
    # invalidates nothing one by one (the signal handlers skip raw saves): this does it once.
    cache.clear()
    return manifest


def unpack(source, folder):
    """Check the archive and extract its data and media into ``folder``; nothing is changed yet."""
    try:
        with tarfile.open(source, "r:gz") as archive:
            manifest = read_manifest(archive)
            check_schema(manifest)
            members = [m for m in archive.getmembers() if m.name == "data.json" or m.name.startswith("media/")]
            # The "data" filter refuses absolute paths, "..", links out of the folder and device files.
            archive.extractall(folder, members=members, filter="data")
    except tarfile.FilterError as exc:
        raise BackupError(f"Refused {source}: it tries to write outside its folder ({exc}).") from exc
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"Cannot open {source}: {exc}") from exc
    if not (folder / "data.json").is_file():
        raise BackupError("The backup has no data.json.")
    return manifest


def copy_media(source, destination):
    if not source.is_dir():
        return
    for path in source.rglob("*"):
        if path.is_file():
            target = destination / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
