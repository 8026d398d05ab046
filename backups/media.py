"""Media in a backup: copied once, then hard-linked from backup to backup while unchanged.

Each backup's ``media/`` is complete on its own (any one backup restores without the others),
yet a file that has not changed since the previous backup (same size and modification time)
costs no copy and no space: it is a hard link to the previous backup's copy. When media lives
in an object store (S3 and the like), backups leave it to the bucket's versioning.
"""

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages


def on_local_disk():
    return isinstance(storages["default"], FileSystemStorage)


def files_under(root):
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def same_file(a, b):
    try:
        sa, sb = a.stat(), b.stat()
    except FileNotFoundError:
        return False
    return sa.st_size == sb.st_size and int(sa.st_mtime) == int(sb.st_mtime)


def sync(source, target, reference=None):
    """Bring every file of ``source`` into ``target``; return how many were copied, linked or already there.

    A file already in ``target`` with the same size and time is left alone; one in ``reference``
    (the previous backup) is hard-linked from there; anything else is copied, keeping its time.
    Files in ``target`` that ``source`` lacks are kept: a restore never deletes uploads.
    """
    source, target = Path(source), Path(target)
    tally = {"files": 0, "bytes": 0, "copied": 0, "linked": 0, "unchanged": 0}
    for path in files_under(source):
        relative = path.relative_to(source)
        destination = target / relative
        tally["files"] += 1
        tally["bytes"] += path.stat().st_size
        if same_file(path, destination):
            tally["unchanged"] += 1
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        earlier = reference / relative if reference else None
        if earlier and same_file(path, earlier) and link(earlier, destination):
            tally["linked"] += 1
        else:
            shutil.copy2(path, destination)
            tally["copied"] += 1
    return tally


def link(existing, new):
    try:
        if new.exists():
            new.unlink()
        os.link(existing, new)
    except OSError:  # another file system, or one without hard links: the caller copies instead
        return False
    return True


def back_up(folder, previous):
    """Copy the site's media into ``folder/media``; the manifest's ``media`` entry."""
    if not on_local_disk():
        return {"kept_in": "object store", "backend": settings.STORAGES["default"]["BACKEND"]}
    reference = previous / "media" if previous else None
    return {"kept_in": "backup", **sync(settings.MEDIA_ROOT, folder / "media", reference)}


def restore(folder):
    if not on_local_disk():
        return {"kept_in": "object store"}
    return {"kept_in": "backup", **sync(folder / "media", settings.MEDIA_ROOT)}


def missing(folder, manifest):
    """Problems with the backup's media against its manifest (for ``restore --check``)."""
    expected = manifest["media"]
    if expected.get("kept_in") != "backup":
        return []
    files = files_under(Path(folder) / "media")
    found = {"files": len(files), "bytes": sum(path.stat().st_size for path in files)}
    return [f"media: {found[k]} {k}, expected {expected[k]}" for k in ("files", "bytes") if found[k] != expected[k]]
