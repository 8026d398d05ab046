"""Who is acting in this request or command, for entries written far from the view (signals, models).

``AuditContextMiddleware`` remembers the request (its user is read only when an entry is
written, so readers' requests cost nothing); ``acting_as`` names the actor of a command or task.
"""

import contextlib
import contextvars
from dataclasses import dataclass

from ops.auth import client_ip


@dataclass(frozen=True)
class Actor:
    user: object = None  # a User, or None (an agency, a command, a failed login)
    name: str = ""
    ip: str | None = None


_current = contextvars.ContextVar("audit_actor", default=None)  # a request or an Actor


def current():
    value = _current.get()
    if value is None or isinstance(value, Actor):
        return value or Actor()
    user = getattr(value, "user", None)
    user = user if user is not None and user.is_authenticated else None
    return Actor(user, user.get_username() if user else "", client_ip(value) or None)


@contextlib.contextmanager
def acting_as(user=None, name=""):
    token = _current.set(Actor(user, name or (user.get_username() if user else "")))
    try:
        yield
    finally:
        _current.reset(token)


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(request)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
