"""What a backup says about itself, and the rule that a restore never goes back in schema.

The manifest records the schema as the latest applied migration of each app. A restore
compares it with the migrations this code knows: a backup made by newer code has tables and
columns this code would misread, so it is refused, with the app and migration that is too new.
An older backup is fine: ``migrate`` brings it up to date after the restore.
"""

import json
from pathlib import Path

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 2
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why and what to do."""


def current_schema(using_connection=connection):
    """The latest applied migration of each app, e.g. ``{"articles": "0031_video_poster"}``."""
    latest = {}
    for app, name in MigrationRecorder(using_connection).applied_migrations():
        latest[app] = max(name, latest.get(app, name))
    return dict(sorted(latest.items()))


def newer_than_code(schema):
    """The backup's ``app.migration`` names this code does not know (empty when it may be restored)."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
    return [f"{app}.{name}" for app, name in schema.items() if (app, name) not in known]


def check_schema(manifest):
    unknown = newer_than_code(manifest["schema"])
    if unknown:
        raise BackupError(
            f"This backup was made by a newer version of the code (on {manifest['created_at']}): "
            f"this code does not know the migration(s) {', '.join(unknown)}. Restoring it would leave tables "
            "and columns this version cannot read. Deploy the version that made the backup (or a newer one), "
            "run `manage.py migrate`, then restore."
        )


def write_manifest(folder, manifest):
    (Path(folder) / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")


def read_manifest(folder):
    path = Path(folder) / MANIFEST
    if not Path(folder).is_dir():
        raise BackupError(f"{folder} is not a backup folder (a backup is the folder `manage.py backup` wrote).")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder} is not a newsroom backup (no readable {MANIFEST}: {exc}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"{folder} holds a backup in format {manifest.get('format') if isinstance(manifest, dict) else '?'}; "
            f"this code reads format {FORMAT}."
        )
    return manifest
