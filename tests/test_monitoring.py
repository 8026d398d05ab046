"""``/metrics``, ``/readyz``, error tracking with Sentry's SDK and JSON logs (app ``monitoring``)."""

import gzip
import json
import os
import subprocess
import sys
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk
from django.conf import settings
from django.urls import path
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from articles.models import Article, Source
from monitoring.metrics import webhook_delivery_failed
from newsroom import urls as site_urls
from newsroom.settings import SENTRY_OPTIONS
from tasks.models import Worker
from tests import queue_tasks
from tests.factories import ArticleFactory, UserFactory
from tests.servers import free_port, get, site_environment, start_gunicorn, stop, wait_for
from wire.services import WireIngester

pytestmark = pytest.mark.django_db


def scrape(client, **headers):
    response = client.get("/metrics", **headers)
    assert response.status_code == 200, response.content
    return response.content.decode()


def value(text, name, **labels):
    """A sample's value in the exposition ``text`` (0 when absent)."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
    return 0.0


# --- who may read /metrics -------------------------------------------------------------------


def test_metrics_are_refused_to_addresses_not_configured(client):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 403
    assert b"newsroom_" not in response.content


def test_metrics_are_served_to_a_configured_network(client, settings):
    settings.NEWSROOM_METRICS_ALLOWED = ["203.0.113.0/24"]

    assert "newsroom_http_requests_total" in scrape(client, REMOTE_ADDR="203.0.113.7")
    assert client.get("/metrics").status_code == 403  # 127.0.0.1 is no longer listed


def test_metrics_are_served_anywhere_with_the_token_and_only_with_it(client, settings):
    settings.NEWSROOM_METRICS_TOKEN = "s3cret-token-for-prometheus"
    far = {"REMOTE_ADDR": "198.51.100.9"}

    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong", **far).status_code == 403
    assert "newsroom_" in scrape(client, HTTP_AUTHORIZATION="Bearer s3cret-token-for-prometheus", **far)


# --- what is counted ---------------------------------------------------------------------------


def test_requests_and_latency_are_counted_per_view(client):
    ArticleFactory()
    name, labels = "newsroom_http_requests_total", {"view": "articles:home", "method": "GET", "status": "200"}
    before = scrape(client)

    client.get("/en/")
    client.get("/es/")
    client.get("/en/no-such-section/")
    after = scrape(client)

    assert value(after, name, **labels) - value(before, name, **labels) == 2
    assert value(after, "newsroom_http_request_seconds_count", view="articles:home") >= 2
    assert value(after, "newsroom_http_requests_total", view="articles:section", status="404") >= 1


def test_junk_addresses_share_one_label(client):
    client.get("/wp-login.php")
    client.get("/.env")

    text = scrape(client)

    assert value(text, "newsroom_http_requests_total", view="unresolved", status="404") >= 2
    assert "wp-login" not in text


def test_page_cache_hits_and_misses_are_counted(client, settings):
    settings.NEWSROOM_PAGE_CACHE = True
    ArticleFactory()
    before = scrape(client)

    client.get("/en/")
    client.get("/en/")
    after = scrape(client)

    def delta(result):
        name = "newsroom_page_cache_requests_total"
        return value(after, name, result=result) - value(before, name, result=result)

    assert (delta("miss"), delta("hit")) == (1, 1)


def test_publish_to_visible_is_measured_once_when_the_first_reader_gets_the_story(
    client, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PAGE_CACHE = True
    article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
    before = value(scrape(client), "newsroom_publish_to_visible_seconds_count")

    with django_capture_on_commit_callbacks(execute=True):
        article.status, article.publish_at = Article.Status.PUBLISHED, timezone.now() - timedelta(seconds=1)
        article.save()
    assert client.get(article.get_absolute_url()).status_code == 200
    client.get(article.get_absolute_url())
    text = scrape(client)

    assert value(text, "newsroom_publish_to_visible_seconds_count") == before + 1
    assert value(text, "newsroom_publish_to_visible_seconds_bucket", le="10.0") >= 1


def test_ingest_outcomes_are_counted_per_source(client):
    agency = Source.objects.create(name="Wire Agency", slug="wire-agency")
    item = {
        "uri": "urn:agency:metrics-1",
        "type": "text",
        "version": "1",
        "language": "en",
        "headlines": [{"role": "main", "value": "Dam talks resume"}],
        "bodies": [{"role": "main", "contentType": "text/html", "value": "<p>Talks.</p>"}],
    }
    before = scrape(client)

    WireIngester(source=agency).ingest_many([item, item, {"type": "text"}])
    after = scrape(client)

    def delta(outcome):
        name = "newsroom_ingest_items_total"
        return value(after, name, source="wire-agency", outcome=outcome) - value(
            before, name, source="wire-agency", outcome=outcome
        )

    assert (delta("created"), delta("unchanged"), delta("rejected")) == (1, 1, 1)


def test_webhook_delivery_failures_are_counted_by_the_hook(client):
    before = value(scrape(client), "newsroom_webhook_delivery_failures_total", target="subscription-7")

    webhook_delivery_failed("subscription-7")

    assert value(scrape(client), "newsroom_webhook_delivery_failures_total", target="subscription-7") == before + 1


def test_queue_depth_and_workers_are_read_when_scraped(client, tmp_path):
    for n in range(3):
        queue_tasks.note.enqueue(str(tmp_path / "notes"), f"line {n}")
    Worker.objects.create(worker_id="w1", hostname="web-1", pid=1, queues="default")

    text = scrape(client)

    assert value(text, "newsroom_tasks_ready") == 3
    assert value(text, "newsroom_tasks_workers") == 1
    assert value(text, "newsroom_tasks_failed_last_hour") == 0


# --- readiness -------------------------------------------------------------------------------------


def test_not_ready_without_a_live_task_worker(client):
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["task_worker"] == "down"


def test_ready_with_a_fresh_worker_heartbeat(client):
    Worker.objects.create(worker_id="w1", hostname="web-1", pid=1, queues="default")

    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": "ok", "cache": "ok", "task_worker": "ok"}}


def test_a_stale_heartbeat_is_not_a_live_worker(client):
    Worker.objects.create(
        worker_id="w1", hostname="web-1", pid=1, queues="default", last_seen=timezone.now() - timedelta(minutes=5)
    )

    assert client.get("/readyz").status_code == 503


def test_replica_lag_is_checked_only_when_replicas_are_listed(client, settings):
    settings.NEWSROOM_READY_NEEDS_WORKER = False
    assert "replica:default" not in client.get("/readyz").json()["checks"]

    settings.NEWSROOM_REPLICAS = ["default"]  # the primary answers as a replica that is never behind
    assert client.get("/readyz").json()["checks"]["replica:default"] == "ok"

    settings.NEWSROOM_REPLICA_MAX_LAG_SECONDS = -1  # any lag is too much
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["replica:default"].startswith("lagging")


# --- error tracking ------------------------------------------------------------------------------


class Receiver(BaseHTTPRequestHandler):
    """A local stand-in for Sentry's ingest: keeps every envelope posted to it."""

    envelopes = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.envelopes.append((self.path, body.decode()))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def broken_view(request):
    raise RuntimeError("the printing press jammed")


urlpatterns = [path("broken/", broken_view), *site_urls.urlpatterns]
handler500 = site_urls.handler500


@pytest.fixture
def sentry_receiver():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Receiver.envelopes = []
    sentry_sdk.init(dsn=f"http://publickey@127.0.0.1:{server.server_port}/42", **SENTRY_OPTIONS)
    yield Receiver.envelopes
    sentry_sdk.get_client().close()
    sentry_sdk.init(dsn=None)
    server.shutdown()


def test_an_error_reaches_sentry_without_personal_data(sentry_receiver, client, settings):
    settings.ROOT_URLCONF = __name__
    user = UserFactory(username="amira.editor", email="amira@example.org")
    client.force_login(user)
    client.raise_request_exception = False

    assert client.get("/broken/", REMOTE_ADDR="192.0.2.44").status_code == 500
    sentry_sdk.flush()

    assert len(sentry_receiver) == 1
    address, envelope = sentry_receiver[0]
    assert address == "/api/42/envelope/"
    assert "the printing press jammed" in envelope and "RuntimeError" in envelope
    for personal in ("amira", "192.0.2.44", client.cookies[settings.SESSION_COOKIE_NAME].value):
        assert personal not in envelope


# --- structured logs -----------------------------------------------------------------------------


def test_logs_are_json_lines_when_asked():
    code = "import logging; logging.getLogger('wire').warning('item %s rejected', 'urn:x', extra={'source': 'ap'})"
    env = {**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )

    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "item urn:x rejected"
    assert (line["level"], line["logger"], line["source"]) == ("WARNING", "wire", "ap")
    assert "time" in line


# --- under gunicorn ------------------------------------------------------------------------------


def test_gunicorn_workers_counts_are_added_up(tmp_path):
    """Each scrape reaches one worker, yet reports what every worker served."""
    port = free_port()
    server = start_gunicorn(site_environment(tmp_path, WEB_CONCURRENCY="3"), port)
    try:
        wait_for(f"http://127.0.0.1:{port}/metrics")
        for n in range(30):
            get(f"http://127.0.0.1:{port}/no-such-thing-{n}")
        totals = {
            value(get(f"http://127.0.0.1:{port}/metrics"), "newsroom_http_requests_total", view="unresolved")
            for _ in range(6)
        }
    finally:
        stop(server)

    assert totals == {30.0}
