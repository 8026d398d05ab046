"""gunicorn settings used by `make run` (and in production)."""

import gc
import multiprocessing
import os
import tempfile

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so slow leaks cannot build up; the jitter keeps
# them from restarting all at once. 0 switches recycling off (the benchmark's memory run).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Heartbeat files in memory: a slow or full disk must not get healthy workers killed.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Prometheus metrics from every worker (monitoring.metrics): each worker writes its counts to files
# here and /metrics adds them up. prometheus_client wants an empty folder at each start.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="newsroom-metrics-")
# Django is loaded once in the master and shared by the workers it forks (less memory,
# quick recycling). Code changes need a restart, not a HUP.
preload_app = True


def pre_fork(server, worker):
    """Move everything loaded so far out of the garbage collector's way.

    Modules, settings, URL patterns and templates live as long as the worker;
    with them frozen, a full collection scans only what requests make, so it
    no longer stalls a request for tens of milliseconds (and forked workers
    keep sharing those pages instead of copying them when the collector
    touches them). A database connection opened while loading must not be
    shared by the workers, so any is closed first.
    """
    from django.db import connections

    connections.close_all()
    gc.freeze()


# What a worker builds while serving its first requests (compiled templates, URL
# and query caches, translations) stays for its life too: frozen once, after them.
WARM_UP_REQUESTS = 50


def post_request(worker, req, environ, resp):
    # ``>=`` and a flag: with threads, two requests can step past the count together.
    if worker.nr >= WARM_UP_REQUESTS and not getattr(worker, "warmed_up", False):
        worker.warmed_up = True
        gc.collect()
        gc.freeze()


def worker_exit(server, worker):
    """A worker's last Most Read views, still in its memory, are written before it goes.

    (Not in the benchmark's minimal Django project, served with these settings too: it has no apps.)
    """
    from django.apps import apps

    if apps.is_installed("readership"):
        from readership.popularity import flush_views

        flush_views()


def child_exit(server, worker):
    """A worker that is gone no longer counts in the live gauges; its counters stay added up."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
