"""The site's Prometheus metrics and the hooks other apps call to report.

Under gunicorn each worker counts on its own; with ``PROMETHEUS_MULTIPROC_DIR`` set (the
gunicorn configuration sets it) the counts go to files there and ``/metrics`` adds up every
worker's. Hooks for other apps (call them, never the metric objects):

- ``webhook_delivery_failed(target)``: a webhook delivery that failed (after its retries or not;
  ``target`` is a short, bounded name such as the subscription's id, never a full URL);
- ingest outcomes are counted from ``wire.events.item_ingested``; publish-to-visible from
  ``articles.events.article_changed`` (see ``monitoring.signals``).
"""

import os

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
VISIBLE_BUCKETS = (0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600)

REQUESTS = Counter(
    "newsroom_http_requests", "HTTP requests answered, per view, method and status", ["view", "method", "status"]
)
LATENCY = Histogram(
    "newsroom_http_request_seconds", "Time to answer a request, per view", ["view"], buckets=LATENCY_BUCKETS
)
PAGE_CACHE = Counter(
    "newsroom_page_cache_requests", "Anonymous GETs by what the page cache did: hit, miss or bypass", ["result"]
)
PUBLISH_TO_VISIBLE = Histogram(
    "newsroom_publish_to_visible_seconds",
    "From an article's publish time (or the save that published it) to the first reader served its page",
    buckets=VISIBLE_BUCKETS,
)
INGEST = Counter("newsroom_ingest_items", "Wire items ingested, per source and outcome", ["source", "outcome"])
WEBHOOK_FAILURES = Counter("newsroom_webhook_delivery_failures", "Webhook deliveries that failed", ["target"])


def webhook_delivery_failed(target):
    WEBHOOK_FAILURES.labels(target=str(target)[:64]).inc()


def exposition(*collectors):
    """The text ``/metrics`` answers: this process's metrics (or every worker's), plus ``collectors``."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
        sources = [registry]
    else:
        from prometheus_client import REGISTRY

        sources = [REGISTRY, registry]
    for collector in collectors:
        registry.register(collector)
    return b"".join(generate_latest(source) for source in sources)
