"""Workers' heartbeats: which worker processes are alive, and what each is doing.

A worker writes its row every few seconds from a thread beside its task loop, so a long task
does not make it look dead. A row that stops moving means the process is gone (killed, machine
lost); the tasks it was running go back to the queue (``tasks.worker.recover_orphans``).
"""

import os
from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A worker writes its heartbeat this often (seconds) and is taken for dead when it has not
# written for ``STALE_AFTER_SECONDS``: its running task is then run again by another worker.
HEARTBEAT_SECONDS = float(os.environ.get("NEWSROOM_WORKER_HEARTBEAT_SECONDS", "5"))
STALE_AFTER_SECONDS = float(os.environ.get("NEWSROOM_WORKER_STALE_SECONDS", "30"))


class WorkerQuerySet(models.QuerySet):
    def alive(self, now=None):
        now = now or timezone.now()
        return self.filter(last_seen__gt=now - timedelta(seconds=STALE_AFTER_SECONDS))


class Worker(models.Model):
    worker_id = models.CharField(_("worker id"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    queues = models.CharField(_("queues"), max_length=255)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now, db_index=True)
    current_task = models.CharField(_("running task"), max_length=64, blank=True)
    tasks_run = models.PositiveIntegerField(_("tasks run"), default=0)

    objects = WorkerQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self):
        return f"{self.hostname}:{self.pid} ({self.worker_id[:8]})"

    @property
    def is_alive(self):
        return self.last_seen > timezone.now() - timedelta(seconds=STALE_AFTER_SECONDS)
