"""Read replicas: public pages read from a PostgreSQL streaming replica, everything else from the primary.

``DATABASE_REPLICA_URLS`` adds the replicas to ``DATABASES`` as ``replica_1``, ``replica_2``… The
rules, in the order they are applied:

- **Outside a request** (task workers, management commands, migrations, the shell) every read goes
  to the primary: only :class:`ReplicaReadsMiddleware` lets a request read a replica.
- **A request reads a replica** only when it is a ``GET`` or ``HEAD`` outside the admin, from a
  client not pinned to the primary (below). One replica serves the whole request.
- **Writes always go to the primary**, and once a request has written (or opened a transaction on
  the primary) the rest of its reads go there too, so it reads what it wrote.
- **Read your writes across requests**: any request that wrote, and every ``POST``/``PUT``/``PATCH``/
  ``DELETE``, sets the ``primary_reads`` cookie on its answer. For :func:`pin_seconds` after it (the
  allowed lag plus the health-check interval, so the replica has caught up by then) that browser
  reads the primary: an editor who saves and opens the story sees the save. A cookie rather than a
  session mark because anonymous writers (a briefing sign-up) need it too and because it costs no
  session read; a forged one only sends its sender to the primary.
- **A replica that does not answer, or lags more than** ``NEWSROOM_REPLICA_MAX_LAG_SECONDS``, is left
  out. Each process checks each replica at most every ``NEWSROOM_REPLICA_CHECK_SECONDS``, never per
  query; a replica that fails during a request is left out at once and the request is answered again
  from the primary, so a reader sees a page, not a 500.
- **Tests**: replicas are test mirrors of ``default``; a mirror shares the primary's settings and is
  treated as the primary, so the suite behaves as without replicas.
"""

import logging
import random
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, InterfaceError, OperationalError, connections

from .middleware import is_admin_path

logger = logging.getLogger(__name__)

PIN_COOKIE = "primary_reads"
SAFE_METHODS = ("GET", "HEAD")
# Seconds since the last replayed transaction; 0 when the replica has replayed everything it received
# (an idle primary sends nothing, and then the time since the last transaction is no lag at all).
LAG_SQL = {
    "postgresql": (
        "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
        "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
    ),
}


def replica_aliases():
    return settings.NEWSROOM_REPLICAS


def replica_lag(alias):
    """Seconds the replica ``alias`` is behind, or None when it does not answer."""
    db = connections[alias]
    sql = LAG_SQL.get(db.vendor, "SELECT 0")
    try:
        with db.cursor() as cursor:
            cursor.execute(sql)
            return float(cursor.fetchone()[0] or 0)
    except DatabaseError as exc:
        logger.warning("Replica %s unavailable: %s", alias, exc)
        db.close()  # reconnect afresh next time
        return None


def pin_seconds():
    """How long a client that wrote reads the primary: until any replica still in use has its write."""
    return settings.NEWSROOM_REPLICA_MAX_LAG_SECONDS + settings.NEWSROOM_REPLICA_CHECK_SECONDS


class Health:
    """Which replicas this process may read, each checked at most every ``NEWSROOM_REPLICA_CHECK_SECONDS``."""

    def __init__(self):
        self.checked = {}  # alias -> (time.monotonic() of the check, usable)

    def usable(self, alias):
        now = time.monotonic()
        seen = self.checked.get(alias)
        if seen is None or now - seen[0] >= settings.NEWSROOM_REPLICA_CHECK_SECONDS:
            lag = replica_lag(alias)
            seen = (now, lag is not None and lag <= settings.NEWSROOM_REPLICA_MAX_LAG_SECONDS)
            self.checked[alias] = seen
        return seen[1]

    def failed(self, alias):
        self.checked[alias] = (time.monotonic(), False)

    def forget(self):
        self.checked.clear()


health = Health()


@dataclass
class RequestReads:
    """What one request may read from: a replica until it writes; whether it wrote."""

    replica_allowed: bool
    alias: str | None = None  # the replica chosen at the request's first read
    wrote: bool = False
    failed: bool = False  # the replica failed while answering this request


_request = ContextVar("replica_reads", default=None)


def is_mirror_of_primary(alias):
    # Under tests a mirror is given the primary's very settings dictionary.
    return connections[alias].settings_dict is connections[DEFAULT_DB_ALIAS].settings_dict


def read_primary(request):
    """``request`` reads the primary only: said before its reads begin (by the page cache, outside the middleware)."""
    request.reads_primary = True


def replica_for_request():
    """The replica this request reads, or None for the primary."""
    state = _request.get()
    if state is None or not state.replica_allowed or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return None
    if state.alias is None:
        usable = [alias for alias in replica_aliases() if not is_mirror_of_primary(alias) and health.usable(alias)]
        if not usable:
            state.replica_allowed = False
            return None
        state.alias = random.choice(usable)
    return state.alias


def primary(hints):
    instance = hints.get("instance")
    if instance is not None and instance._state.db not in replica_aliases():
        return None  # Django keeps the instance on its own database (a scratch restore, say)
    return DEFAULT_DB_ALIAS


class ReplicaRouter:
    """Django's database router for the rules above."""

    def db_for_read(self, model, **hints):
        return replica_for_request() or primary(hints)

    def db_for_write(self, model, **hints):
        state = _request.get()
        if state is not None:
            state.wrote = True
            state.replica_allowed = False
        return primary(hints)

    def allow_relation(self, obj1, obj2, **hints):
        names = {DEFAULT_DB_ALIAS, *replica_aliases()}
        return True if {obj1._state.db, obj2._state.db} <= names else None

    def allow_migrate(self, db, app_label, **hints):
        return False if db in replica_aliases() else None


def pinned(request):
    try:
        return float(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False


class ReplicaReadsMiddleware:
    """Lets public reads use a replica, pins writers to the primary, and survives a replica failing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_aliases():
            return self.get_response(request)
        safe = request.method in SAFE_METHODS
        allowed = (
            safe
            and not is_admin_path(request.path_info)
            and not pinned(request)
            and not getattr(request, "reads_primary", False)
        )
        state = RequestReads(replica_allowed=allowed)
        token = _request.set(state)
        try:
            response = self.get_response(request)
            if state.failed and safe:
                # Answered again, from the primary: a GET changes nothing worth doing twice.
                state = RequestReads(replica_allowed=False)
                _request.set(state)
                response = self.get_response(request)
        finally:
            _request.reset(token)
        if state.wrote or not safe:
            seconds = pin_seconds()
            response.set_cookie(
                PIN_COOKIE,
                f"{time.time() + seconds:.0f}",
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_exception(self, request, exception):
        state = _request.get()
        if state is not None and state.alias and isinstance(exception, OperationalError | InterfaceError):
            logger.warning(
                "Replica %s failed during %s; answering from the primary: %s", state.alias, request.path, exception
            )
            health.failed(state.alias)
            connections[state.alias].close()
            state.failed = True
