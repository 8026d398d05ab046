"""Request-time hooks that keep published content current without a cron job."""

from .services import apply_due_updates_if_any


class ScheduledUpdatesMiddleware:
    """Applies scheduled updates of live articles once their time has come.

    The check costs one cache read per request; the database is asked only
    when the cached earliest time has passed (or every few minutes when idle).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        apply_due_updates_if_any()
        return self.get_response(request)
