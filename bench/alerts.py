"""Benchmark of the background work: how soon partners and readers hear of news, and how fast a big
alert fans out. ``make bench-alerts`` (``python -m bench.alerts``); prints a table, writes it to
``bench/results/``.

1. publish → webhook delivered: articles are published one by one (0.2 s apart) with an endpoint on a
   local receiver; the time from the commit of the save to the receiver's answer, p50 and p95;
2. alert → push sent: a push alert is confirmed for a story with one subscriber on a local push
   service; the time from the confirmation's commit to the push service's 201;
3. fan-out: one alert to ``--subscriptions`` (10,000) subscriptions by ``--workers`` (2) worker
   processes; the time from the commit to the last push received.

Workers are real ``manage.py run_worker`` processes with their default settings; the database is
its own (``BENCH_ALERTS_DATABASE_URL``, default the PostgreSQL database ``bench_alerts`` on 127.0.0.1
when reachable, else ``bench/alerts.sqlite3``), emptied of alerts, subscriptions and tasks first.
"""

import argparse
import base64
import os
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAN_OUT_TARGET_SECONDS = 60


def database_url():
    if os.environ.get("BENCH_ALERTS_DATABASE_URL"):
        return os.environ["BENCH_ALERTS_DATABASE_URL"]
    probe = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc"]
    try:
        exists = subprocess.run(
            [*probe, "SELECT 1 FROM pg_database WHERE datname = 'bench_alerts'", "postgres"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return f"sqlite:///{ROOT / 'bench' / 'alerts.sqlite3'}"
    if exists.stdout.strip() != "1":
        subprocess.run([*probe, "CREATE DATABASE bench_alerts", "postgres"], check=True, capture_output=True)
    return "postgres://postgres@127.0.0.1:5432/bench_alerts"


class Receiver:
    """Answers 201 to every POST and notes when each arrived, by the last part of its path."""

    def __init__(self):
        self.arrivals = {}
        self.count = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real push services and partners allow

            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                with receiver.lock:
                    receiver.count += 1
                    receiver.arrivals.setdefault(self.path.rsplit("/", 1)[-1], time.monotonic())
                self.send_response(201)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, key, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if key in self.arrivals:
                    return self.arrivals[key]
            time.sleep(0.005)
        raise TimeoutError(f"nothing arrived for {key}")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def browser_keys(count):
    """Keys as browsers make them; one pair reused (the server encrypts for each message all the same)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    public = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )

    def b64(raw):
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return [{"p256dh": b64(public), "auth": b64(os.urandom(16))} for _ in range(count)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()

    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "WEBHOOKS_ALLOW_PRIVATE_TARGETS": "1",
        "LOG_LEVEL": "WARNING",
        "WEBPUSH_VAPID_KEY_FILE": str(ROOT / "var" / "bench-vapid-private.pem"),
    }
    env.pop("REDIS_URL", None)
    os.environ.update(env)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import transaction
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from articles.models import Article
    from push import services
    from push.models import Alert, Subscription
    from taxonomy.models import Section
    from webhooks.models import Delivery, Endpoint, Event

    DBTaskResult.objects.all().delete()
    Alert.objects.all().delete()
    Subscription.objects.all().delete()
    Delivery.objects.all().delete()
    Endpoint.objects.all().delete()
    Article.objects.filter(slug__startswith="bench-alerts-").delete()
    editor, _created = User.objects.get_or_create(username="bench-alerts-editor")
    section = Section.objects.get(slug="politics")
    receiver = Receiver()
    Endpoint.objects.create(
        name="bench", url=f"{receiver.origin}/hooks", secret="whsec_bench", events=[Event.PUBLISHED]
    )

    workers = [
        subprocess.Popen([sys.executable, "manage.py", "run_worker", "-v", "0"], cwd=ROOT, env=env)
        for _ in range(options.workers)
    ]
    rows = []
    try:
        time.sleep(2)  # the workers start and beat
        webhook_ms = []
        for n in range(options.samples):
            article = Article.objects.create(
                edition="en", headline=f"Bench story {n}", slug=f"bench-alerts-{n}", section=section, body="<p>.</p>"
            )
            with transaction.atomic():
                article.status, article.publish_at = Article.Status.PUBLISHED, timezone.now()
                article.save()
            committed = time.monotonic()
            deadline = time.monotonic() + 60
            while not Delivery.objects.filter(subject=f"article {article.pk}", status="delivered").exists():
                if time.monotonic() > deadline:
                    raise TimeoutError("webhook not delivered")
                time.sleep(0.005)
            arrived = receiver.arrivals.pop("hooks", None) or time.monotonic()
            webhook_ms.append((arrived - committed) * 1000)
            time.sleep(0.2)
        rows.append(("publish → webhook delivered", webhook_ms))

        push_ms = []
        for n in range(options.samples):
            article = Article.objects.create(
                edition="en",
                headline=f"Alert story {n}",
                slug=f"bench-alerts-push-{n}",
                section=section,
                body="<p>.</p>",
                status=Article.Status.PUBLISHED,
                publish_at=timezone.now(),
            )
            Subscription.objects.all().delete()
            Subscription.objects.create(edition="en", endpoint=f"{receiver.origin}/push/one-{n}", **browser_keys(1)[0])
            with transaction.atomic():
                services.send(article, editor)
            committed = time.monotonic()
            push_ms.append((receiver.wait_for(f"one-{n}") - committed) * 1000)
            time.sleep(0.2)
        rows.append(("alert confirmed → push sent", push_ms))

        Subscription.objects.all().delete()
        keys = browser_keys(options.subscriptions)
        Subscription.objects.bulk_create(
            Subscription(edition="en", endpoint=f"{receiver.origin}/push/fan-{i}", **keys[i])
            for i in range(options.subscriptions)
        )
        article = Article.objects.create(
            edition="en",
            headline="The big alert",
            slug="bench-alerts-fan-out",
            section=section,
            body="<p>.</p>",
            status=Article.Status.PUBLISHED,
            publish_at=timezone.now(),
        )
        before = receiver.count
        with transaction.atomic():
            alert = services.send(article, editor)
        committed = time.monotonic()
        last = receiver.wait_for(f"fan-{options.subscriptions - 1}", timeout=600)
        while receiver.count - before < options.subscriptions and time.monotonic() - committed < 600:
            time.sleep(0.05)
            last = time.monotonic()
        fan_out_seconds = last - committed
        while Alert.objects.filter(pk=alert.pk, finished_at__isnull=True).exists() and time.monotonic() - last < 60:
            time.sleep(0.1)  # the last batch's tally is written just after its last answer
        alert.refresh_from_db()
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kind = env["DATABASE_URL"].split(":", 1)[0]
    lines = [
        f"### Background work: {kind}, {options.workers} workers, {os.cpu_count()} CPUs (shared machine), {stamp}",
        "",
        "| measure | samples | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {name} | {len(values)} | {statistics.median(values):.0f} | {percentile(values, 0.95):.0f} "
            f"| {max(values):.0f} |"
            for name, values in rows
        ),
        "",
        f"Fan-out of one alert to {options.subscriptions:,} subscriptions by {options.workers} workers: "
        f"{fan_out_seconds:.1f} s ({options.subscriptions / fan_out_seconds:.0f} pushes/s; "
        f"{alert.sent:,} sent, {alert.failed} failed) — target under {FAN_OUT_TARGET_SECONDS} s: "
        f"{'met' if fan_out_seconds < FAN_OUT_TARGET_SECONDS and alert.sent == options.subscriptions else 'MISSED'}.",
    ]
    report = "\n".join(lines)
    print(report)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"{stamp}-alerts-{kind}.md").write_text(report + "\n")


if __name__ == "__main__":
    main()
