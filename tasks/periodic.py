"""Work that recurs (the daily briefings' check): enqueued by whichever worker's heartbeat gets there first.

An app registers a task and an interval once, at import (its ``tasks.py``)::

    periodic(timedelta(minutes=10))(send_due_briefings)   # a django-tasks Task

Every heartbeat (``tasks.worker.Heartbeat``) calls ``enqueue_due()``: for each registration whose
interval has passed since it was last enqueued, one conditional UPDATE claims the turn, so among
many workers on many machines exactly one enqueues it. No cron is needed; a site without workers
runs nothing periodic.
"""

from datetime import UTC, datetime

from django.utils import timezone

from .models import PeriodicRun

SCHEDULE = {}  # task module path -> (task, interval)
NEVER = datetime(2000, 1, 1, tzinfo=UTC)


def periodic(interval):
    def register(task):
        SCHEDULE[task.module_path] = (task, interval)
        return task

    return register


def enqueue_due(now=None):
    """Enqueue each registered task whose turn has come; returns their names."""
    now = now or timezone.now()
    enqueued = []
    for name, (task, interval) in SCHEDULE.items():
        PeriodicRun.objects.get_or_create(name=name, defaults={"last_enqueued_at": NEVER})
        claimed = PeriodicRun.objects.filter(name=name, last_enqueued_at__lte=now - interval).update(
            last_enqueued_at=now
        )
        if claimed:
            task.enqueue()
            enqueued.append(name)
    return enqueued
