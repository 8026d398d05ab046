"""Should this node get traffic? The database, the cache, the task workers and the replicas.

``/healthz`` (liveness, in ``ops``) says the process answers; readiness says it can do its job.
Replicas are checked only when ``NEWSROOM_REPLICAS`` names database aliases: each must answer
and lag at most ``NEWSROOM_REPLICA_MAX_LAG_SECONDS`` behind the primary.
"""

import logging

from django.conf import settings
from django.db import DatabaseError, connections

from ops.views import cache_ok, database_ok
from tasks.health import worker_alive

logger = logging.getLogger(__name__)

LAG_SQL = {
    # Seconds since the last replayed transaction; 0 when the replica has replayed everything it received.
    "postgresql": (
        "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
        "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
    ),
}


def replica_lag(alias):
    """Seconds the replica ``alias`` is behind, or None when it does not answer."""
    db = connections[alias]
    sql = LAG_SQL.get(db.vendor)
    try:
        with db.cursor() as cursor:
            if sql is None:
                cursor.execute("SELECT 1")
                return 0.0
            cursor.execute(sql)
            return float(cursor.fetchone()[0] or 0)
    except DatabaseError as exc:
        logger.error("Readiness: replica %s unavailable: %s", alias, exc)
        return None


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
