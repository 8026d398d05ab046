"""Should this node get traffic? The database, the cache, the task workers and the replicas.

``/healthz`` (liveness, in ``ops``) says the process answers; readiness says it can do its job.
Replicas are checked when ``DATABASE_REPLICA_URLS`` names some (``NEWSROOM_REPLICAS``, their aliases):
each must answer and lag at most ``NEWSROOM_REPLICA_MAX_LAG_SECONDS`` behind the primary.
"""

from django.conf import settings
from django.db import DatabaseError

from ops.replicas import replica_lag
from ops.views import cache_ok, database_ok
from tasks.health import worker_alive


def workers_ok():
    try:
        return worker_alive()
    except DatabaseError:
        return False


def checks():
    """``(ready, {check: "ok" | "down" | "degraded" | detail})``."""
    found = {
        "database": "ok" if database_ok() else "down",
        "cache": "ok" if cache_ok() else "degraded",  # the site serves without it, slower
    }
    if settings.NEWSROOM_READY_NEEDS_WORKER:
        found["task_worker"] = "ok" if workers_ok() else "down"
    for alias in settings.NEWSROOM_REPLICAS:
        lag = replica_lag(alias)
        if lag is None:
            found[f"replica:{alias}"] = "down"
        elif lag > settings.NEWSROOM_REPLICA_MAX_LAG_SECONDS:
            found[f"replica:{alias}"] = f"lagging {lag:.0f} s"
        else:
            found[f"replica:{alias}"] = "ok"
    ready = all(value in ("ok", "degraded") for value in found.values())
    return ready, found
