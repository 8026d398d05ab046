"""Knowing what the site is doing: Prometheus metrics, readiness, error tracking and structured logs.

``/metrics`` (Prometheus text format, only for configured addresses or a bearer token) counts
requests and their latency per view, the page cache's hits and misses, publish-to-visible time,
wire ingest outcomes per source, webhook delivery failures, and reads the task queue's depth,
failures and workers when scraped. ``/readyz`` says whether this node should get traffic.
Other apps report through the hooks in ``monitoring.metrics`` or the signals this app hears.
"""
