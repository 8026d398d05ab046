"""Running a wire source: poll a feed (conditional GET) or drain a drop folder, ingest, record the run.

``run_source`` is what the task queue runs for one source (``wire.tasks``) and what
``manage.py poll_wire --run`` calls inline. A run never raises for a source's own
trouble (a feed down, a folder missing, an unreadable file), nor for a bug a document
meets in ingest (logged with its traceback): that is recorded on its ``WireRun`` and
the next run backs off; in a drop folder only that file fails.

Drop folders: files ending in .json, .xml or .nitf are ingested once they have not
changed for ``SETTLE_SECONDS`` (an upload still being written is left alone), then
moved to ``done/`` or, when anything in them was refused, to ``failed/``. Files
beside them (pictures a document names) are read from the same folder.
"""

import base64
import logging
import os
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import WireRun, WireSource
from .services import REJECTED, Outcome, Summary, WireIngester

logger = logging.getLogger(__name__)

DOCUMENT_SUFFIXES = {".json", ".xml", ".nitf"}
SETTLE_SECONDS = 10
MAX_FEED_BYTES = 20 * 1024 * 1024
TIMEOUT_SECONDS = 30
USER_AGENT = "newsroom-wire/1.0"


class SourceError(Exception):
    """The source itself failed (unreachable, refused, not found); the run is recorded as failed."""


def run_source(source, now=None):
    """Run ``source`` once and record the outcome; returns the ``WireRun``."""
    run = WireRun.objects.create(source=source, started_at=now or timezone.now())
    ingester = WireIngester(source=source.agency, section=source.section)
    summary = Summary()
    failed = False
    try:
        if source.kind == WireSource.Kind.FOLDER:
            run.files = drain_folder(source, ingester, summary)
        else:
            run.files = poll_feed(source, ingester, summary)
            if run.files == 0:
                run.status = WireRun.Status.NOT_MODIFIED
    except SourceError as exc:
        failed = True
        run.status, run.error = WireRun.Status.FAILED, str(exc)
    except Exception as exc:
        # A bug met on the way: the run is recorded as failed (the traceback is logged) and the source backs off.
        logger.exception("wire source %s: the run failed", source)
        failed = True
        run.status, run.error = WireRun.Status.FAILED, _ingest_failure(exc)
    counts = summary.counts
    run.created, run.updated, run.unchanged = counts["created"], counts["updated"], counts["unchanged"]
    run.ignored, run.rejected = counts["ignored"], counts[REJECTED]
    refused = [f"{o.label}: {o.message}" for o in summary.outcomes if o.status == REJECTED]
    warned = [_("warning: %(warning)s") % {"warning": warning} for warning in summary.warnings]
    run.problems = (refused + warned)[:100]
    if run.rejected and not failed:
        run.status = WireRun.Status.PARTIAL
    run.finished_at = timezone.now()
    run.save()
    source.failures = source.failures + 1 if failed else 0
    source.next_run_at = run.finished_at + source.delay_after(failed)
    WireSource.objects.filter(pk=source.pk).update(failures=source.failures, next_run_at=source.next_run_at)
    logger.info("wire source %s: %s %s", source, run.status, summary.line())
    return run


# --- feeds ------------------------------------------------------------------------------------


def poll_feed(source, ingester, summary):
    """Fetch the feed if it changed since the last fetch and ingest it; returns 1, or 0 when not modified."""
    if urlsplit(source.url).scheme not in ("http", "https"):
        raise SourceError(_("only http and https addresses are polled"))
    request = urllib.request.Request(source.url, headers=_headers(source))
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            data = response.read(MAX_FEED_BYTES + 1)
            headers = response.headers
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return 0
        raise SourceError(
            _("the feed answered %(code)s %(reason)s") % {"code": exc.code, "reason": exc.reason}
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise SourceError(_("the feed could not be reached: %(error)s") % {"error": exc}) from None
    if len(data) > MAX_FEED_BYTES:
        raise SourceError(_("the feed is larger than 20 MB"))
    summary.add(ingester.ingest_document(data, label=source.url))
    source.etag = headers.get("ETag", "")[:500]
    source.last_modified = headers.get("Last-Modified", "")[:100]
    WireSource.objects.filter(pk=source.pk).update(etag=source.etag, last_modified=source.last_modified)
    return 1


def _headers(source):
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json, application/xml, text/xml, */*"}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    if source.token:
        headers["Authorization"] = f"Bearer {source.token}"
    elif source.username:
        pair = f"{source.username}:{source.password}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
    return headers


# --- drop folders -----------------------------------------------------------------------------


def drain_folder(source, ingester, summary, now=None):
    """Ingest the settled documents in the source's folder, moving each to done/ or failed/; returns how many."""
    folder = Path(source.folder)
    if not folder.is_dir():
        raise SourceError(_("the folder %(folder)s does not exist") % {"folder": folder})
    ingester.base_dir, ingester.allow_local_files = folder, True
    count = 0
    for path in settled_documents(folder, now=now):
        delivered = _ingest_file(ingester, path)
        summary.add(delivered)
        refused = any(outcome.status == REJECTED for outcome in delivered.outcomes)
        move(path, folder / ("failed" if refused else "done"))
        count += 1
    return count


def _ingest_file(ingester, path):
    """The ``Summary`` of one dropped file; a file that can't be read, or that ingest fails on, is one refusal.

    A failure inside ingest is a bug: it is logged with its traceback and the file goes to
    failed/ like any refused one, so it never stops the run nor comes back at the next.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        message = _("the file could not be read: %(error)s") % {"error": exc}
        return Summary([Outcome(REJECTED, label=path.name, message=message)])
    try:
        return ingester.ingest_document(data, label=path.name)
    except Exception as exc:  # an OSError inside ingest too (a picture's file, storage): a bug, not the file
        logger.exception("wire: ingesting %s failed", path)
        return Summary([Outcome(REJECTED, label=path.name, message=_ingest_failure(exc))])


def _ingest_failure(exc):
    return _("ingest failed (%(error)s); the details are in the server log") % {"error": type(exc).__name__}


def settled_documents(folder, now=None):
    """Documents in ``folder`` (not its subfolders) untouched for ``SETTLE_SECONDS``, oldest first."""
    now = now or time.time()
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(".") or not entry.is_file(follow_symlinks=False):
                continue
            if Path(entry.name).suffix.lower() not in DOCUMENT_SUFFIXES:
                continue
            modified = entry.stat(follow_symlinks=False).st_mtime
            if now - modified >= SETTLE_SECONDS:
                found.append((modified, entry.name))
    return [folder / name for _modified, name in sorted(found)]


def move(path, target_dir):
    """Move ``path`` into ``target_dir``, never over a file of the same name."""
    target_dir.mkdir(exist_ok=True)
    target = target_dir / path.name
    if target.exists():
        target = target_dir / f"{timezone.now():%Y%m%dT%H%M%S%f}-{path.name}"
    shutil.move(str(path), str(target))
    return target
