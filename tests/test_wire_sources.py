"""Wire sources: feeds polled from a real HTTP server on loopback, and drop folders on disk.

Conditional GET (ETag, Last-Modified), credentials, backoff on errors, RSS/Atom
with full text, NewsML-G2 over HTTP; drop folders leave growing files alone and
move the rest to done/ or failed/; each run is recorded and shown in the admin;
``poll_wire`` queues one task per due source, which the real worker runs.
"""

import base64
import json
import os
import shutil
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Source
from tests.factories import UserFactory
from wire.models import WireItem, WireRun, WireSource
from wire.services import WireIngester
from wire.sources import SETTLE_SECONDS, run_source
from wire.tasks import enqueue_due_sources

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Regional Wire</title><link>http://127.0.0.1/</link><description>Full text</description>
    <language>es</language>
    <item>
      <title>Abre el nuevo puerto</title>
      <guid>urn:regional:puerto-1</guid>
      <link>http://127.0.0.1/puerto</link>
      <pubDate>Sun, 01 Mar 2026 10:00:00 GMT</pubDate>
      <author>ana@example.org (Ana Soler)</author>
      <category>Economía</category>
      <description>El puerto abre el lunes.</description>
      <content:encoded><![CDATA[<p>El puerto abre el lunes con <b>tres</b> muelles.</p>]]></content:encoded>
    </item>
  </channel>
</rss>"""


class Feed:
    """What the loopback server answers, and what it was asked."""

    def __init__(self):
        self.body, self.content_type, self.status = b"", "application/json", 200
        self.etag = '"v1"'
        self.requests = []


@pytest.fixture
def feed():
    state = Feed()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            state.requests.append(dict(self.headers))
            if state.status != 200:
                self.send_error(state.status)
                return
            if self.headers.get("If-None-Match") == state.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", state.content_type)
            self.send_header("ETag", state.etag)
            self.send_header("Last-Modified", "Sun, 01 Mar 2026 10:00:00 GMT")
            self.end_headers()
            self.wfile.write(state.body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_port}/feed"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def agency():
    return Source.objects.create(name="Wire Agency", slug="wire-agency")


def ninjs_item(uri="urn:wire:1", version="1", headline="Dam talks resume"):
    return {"uri": uri, "type": "text", "version": version, "language": "en", "headlines": [{"value": headline}]}


def source(agency, **fields):
    return WireSource.objects.create(name=fields.pop("name", "Agency feed"), agency=agency, **fields)


# --- polling ----------------------------------------------------------------------------------


def test_ninjs_feed_is_ingested_then_not_fetched_again_until_it_changes(feed, agency):
    feed.body = json.dumps([ninjs_item()]).encode()
    wire = source(agency, kind="ninjs", url=feed.url, token="s3cret")
    run = run_source(wire)
    assert (run.status, run.created) == ("ok", 1)
    assert Article.objects.get().source == agency
    assert feed.requests[0]["Authorization"] == "Bearer s3cret"
    wire.refresh_from_db()
    assert (wire.etag, wire.failures) == ('"v1"', 0)
    assert wire.next_run_at == run.finished_at + timedelta(minutes=5)

    again = run_source(wire)
    assert feed.requests[1]["If-None-Match"] == '"v1"'
    assert feed.requests[1]["If-Modified-Since"] == "Sun, 01 Mar 2026 10:00:00 GMT"
    assert (again.status, again.created, again.files) == ("not-modified", 0, 0)

    feed.body, feed.etag = json.dumps([ninjs_item(version="2", headline="Dam talks end")]).encode(), '"v2"'
    third = run_source(wire)
    assert (third.status, third.updated) == ("ok", 1)
    assert Article.objects.get().headline == "Dam talks end"


def test_basic_credentials_are_sent(feed, agency):
    feed.body = b"[]"
    run_source(source(agency, kind="ninjs", url=feed.url, username="desk", password="pa:ss"))
    assert feed.requests[0]["Authorization"] == "Basic " + base64.b64encode(b"desk:pa:ss").decode()


def test_errors_are_recorded_and_back_off(feed, agency):
    feed.status = 503
    wire = source(agency, kind="newsml", url=feed.url, interval=5)
    delays = []
    for _attempt in range(3):
        run = run_source(wire)
        assert run.status == "failed" and "503" in run.error
        wire.refresh_from_db()
        delays.append(wire.next_run_at - run.finished_at)
    assert delays == [timedelta(minutes=10), timedelta(minutes=20), timedelta(minutes=40)]
    feed.status, feed.body = 200, (DATA / "newsml" / "message-one-invalid.xml").read_bytes()
    run = run_source(wire)
    assert (run.status, run.created, run.rejected) == ("partial", 1, 1)
    assert "newsItem[2]" in run.problems[0]
    wire.refresh_from_db()
    assert wire.failures == 0


def test_a_feed_ingest_fails_on_is_a_failed_run_that_backs_off(feed, agency, monkeypatch):
    def failing(self, data, label=""):
        raise RuntimeError("a bug")

    monkeypatch.setattr(WireIngester, "ingest_document", failing)
    feed.body = json.dumps(ninjs_item()).encode()
    wire = source(agency, url=feed.url)
    run = run_source(wire)
    assert (run.status, run.error) == ("failed", "ingest failed (RuntimeError); the details are in the server log")
    assert run.finished_at is not None
    assert WireSource.objects.get().failures == 1


def test_unreachable_or_non_http_addresses_fail_cleanly(agency):
    assert "reached" in run_source(source(agency, kind="ninjs", url="http://127.0.0.1:9/")).error
    assert "http" in run_source(source(agency, name="b", kind="ninjs", url="file:///etc/passwd")).error


def test_rss_with_full_text_becomes_drafts(feed, agency):
    feed.body, feed.content_type = RSS.encode(), "application/rss+xml"
    run = run_source(source(agency, kind="feed", url=feed.url))
    assert (run.status, run.created) == ("ok", 1), run.problems
    article = Article.objects.get()
    assert (article.edition, article.headline) == ("es", "Abre el nuevo puerto")
    assert "<b>tres</b>" in article.body
    assert article.standfirst == "El puerto abre el lunes."
    assert {t.name for t in article.tags.all()} == {"Economía"}
    assert WireItem.objects.get().format == "feed"


# --- drop folders ---------------------------------------------------------------------------------


def settle(path):
    old = time.time() - SETTLE_SECONDS - 1
    os.utime(path, (old, old))


def test_drop_folder_ingests_settled_files_and_moves_them(tmp_path, agency):
    shutil.copy(DATA / "nitf" / "story-namespaced.xml", tmp_path / "a.xml")
    (tmp_path / "b.json").write_text(json.dumps({"uri": "urn:x", "language": "fr", "headline": "Bonjour"}))
    (tmp_path / "c.xml").write_text("<newsMessage")  # still being uploaded
    (tmp_path / "notes.txt").write_text("not a document")
    for name in ("a.xml", "b.json", "notes.txt"):
        settle(tmp_path / name)
    run = run_source(source(agency, kind="folder", folder=str(tmp_path)))
    assert (run.files, run.created, run.rejected, run.status) == (2, 1, 1, "partial")
    assert (tmp_path / "done" / "a.xml").exists() and (tmp_path / "failed" / "b.json").exists()
    assert (tmp_path / "c.xml").exists() and (tmp_path / "notes.txt").exists()
    settle(tmp_path / "c.xml")
    later = run_source(WireSource.objects.get())
    assert (later.files, later.rejected) == (1, 1)
    assert (tmp_path / "failed" / "c.xml").exists()


def test_a_dropped_message_without_its_header_is_ingested_item_by_item_with_a_warning(tmp_path, agency):
    shutil.copy(DATA / "newsml" / "message-no-header.xml", tmp_path / "m.xml")
    settle(tmp_path / "m.xml")
    run = run_source(source(agency, kind="folder", folder=str(tmp_path)))
    assert (run.files, run.created, run.rejected, run.status) == (1, 2, 1, "partial")
    refused, warning = run.problems
    assert refused.startswith("m.xml /newsMessage/itemSet/newsItem[2]: /newsMessage/itemSet/newsItem[2]/contentMeta/")
    assert warning.startswith("warning: m.xml: /newsMessage/itemSet: the newsMessage envelope is not valid")
    assert (tmp_path / "failed" / "m.xml").exists()


def test_a_file_of_the_same_name_never_overwrites_one_already_done(tmp_path, agency):
    wire = source(agency, kind="folder", folder=str(tmp_path))
    for version in ("1", "2"):
        (tmp_path / "item.json").write_text(json.dumps(ninjs_item(version=version)))
        settle(tmp_path / "item.json")
        run_source(wire)
    assert len(list((tmp_path / "done").iterdir())) == 2


# An OSError inside ingest (a picture's file, the storage) is the same bug, not an unreadable file.
@pytest.mark.parametrize("bug", [RuntimeError, OSError])
def test_a_file_ingest_fails_on_goes_to_failed_and_the_files_after_it_still_go_in(tmp_path, agency, monkeypatch, bug):
    real = WireIngester.ingest_document

    def failing_on_the_first(self, data, label=""):
        if label == "a.json":
            raise bug("a bug")
        return real(self, data, label=label)

    monkeypatch.setattr(WireIngester, "ingest_document", failing_on_the_first)
    for name, uri in (("a.json", "urn:wire:a"), ("b.json", "urn:wire:b")):
        (tmp_path / name).write_text(json.dumps(ninjs_item(uri=uri)))
        settle(tmp_path / name)
    os.utime(tmp_path / "a.json", (1, 1))  # the oldest: ingested first
    run = run_source(source(agency, kind="folder", folder=str(tmp_path)))
    assert (run.files, run.created, run.rejected, run.status) == (2, 1, 1, "partial")
    assert run.problems == [f"a.json: ingest failed ({bug.__name__}); the details are in the server log"]
    assert (tmp_path / "failed" / "a.json").exists() and (tmp_path / "done" / "b.json").exists()


def test_a_missing_folder_is_a_failed_run(tmp_path, agency):
    run = run_source(source(agency, kind="folder", folder=str(tmp_path / "nowhere")))
    assert run.status == "failed" and "does not exist" in run.error


# --- scheduling on the task queue -------------------------------------------------------------------


def test_due_sources_are_queued_once_and_run_by_the_worker(work_queue, feed, tmp_path):
    agency = Source.objects.create(name="Queue Agency", slug="queue-agency")
    feed.body = json.dumps([ninjs_item()]).encode()
    polled = source(agency, kind="ninjs", url=feed.url)
    broken = source(agency, name="Broken", kind="ninjs", url="http://127.0.0.1:9/")
    source(agency, name="Paused", kind="ninjs", url=feed.url, active=False)
    assert {s.name for s in enqueue_due_sources()} == {"Agency feed", "Broken"}
    assert enqueue_due_sources() == []  # claimed: not queued twice
    work_queue()
    assert polled.runs.get().created == 1
    assert broken.runs.get().status == "failed"  # and did not hold up the other
    assert Article.objects.count() == 1


def test_the_workers_schedule_due_sources_every_minute_without_a_scheduler_process(work_queue, feed):
    from tasks.periodic import enqueue_due

    agency = Source.objects.create(name="Queue Agency", slug="queue-agency")
    feed.body = json.dumps([ninjs_item()]).encode()
    polled = source(agency, kind="ninjs", url=feed.url)
    assert "wire.tasks.schedule_wire_sources" in enqueue_due()  # what a worker's heartbeat does
    work_queue()  # the schedule runs and queues the source; the worker runs that too
    work_queue()
    assert polled.runs.get().created == 1


def test_poll_wire_runs_due_sources_inline(tmp_path, agency, capsys):
    (tmp_path / "item.json").write_text(json.dumps(ninjs_item()))
    settle(tmp_path / "item.json")
    source(agency, kind="folder", folder=str(tmp_path))
    call_command("poll_wire", "--run")
    assert "Agency feed: ok (1 files; 1 new" in capsys.readouterr().out
    WireSource.objects.update(next_run_at=timezone.now() + timedelta(minutes=1))
    call_command("poll_wire", "--run")
    assert WireRun.objects.count() == 1


def test_the_admin_shows_each_source_with_its_runs(client, settings, tmp_path, agency):
    client.force_login(UserFactory(username="boss", is_superuser=True))
    wire = source(agency, kind="folder", folder=str(tmp_path / "nowhere"), password="hidden-pass")
    run_source(wire)
    listing = client.get(f"/{settings.ADMIN_PATH}wire/wiresource/").content.decode()
    assert "Agency feed" in listing and "failed" in listing
    page = client.get(f"/{settings.ADMIN_PATH}wire/wiresource/{wire.pk}/change/").content.decode()
    assert "does not exist" in page


def test_a_source_needs_its_address_or_folder(agency):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        WireSource(name="x", agency=agency, kind="folder").full_clean()
    with pytest.raises(ValidationError):
        WireSource(name="y", agency=agency, kind="feed").full_clean()
