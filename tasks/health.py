"""Is the task queue being worked? For readiness checks, ``/healthz``-style views and the admin.

``worker_alive()`` is True when at least one worker wrote its heartbeat within
``tasks.models.STALE_AFTER_SECONDS`` (30 s). ``queue_state()`` adds the figures a monitor
graphs: tasks waiting to run now, the age of the oldest, tasks running, and failures in the
last hour.
"""

from datetime import timedelta

from django.db.models import Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import Worker


def worker_alive():
    return Worker.objects.alive().exists()


def queue_state(now=None):
    now = now or timezone.now()
    ready = DBTaskResult.objects.ready()
    oldest = ready.aggregate(oldest=Min("enqueued_at"))["oldest"]
    return {
        "workers": Worker.objects.alive(now).count(),
        "ready": ready.count(),
        "oldest_ready_seconds": round((now - oldest).total_seconds(), 1) if oldest else 0.0,
        "running": DBTaskResult.objects.running().count(),
        "failed_last_hour": DBTaskResult.objects.failed().filter(finished_at__gte=now - timedelta(hours=1)).count(),
    }
