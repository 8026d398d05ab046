"""The worker process: django-tasks-db's worker loop, with a heartbeat and recovery of lost tasks.

django-tasks-db marks a task "running" when a worker claims it and "successful" or "failed"
when it ends. A worker killed in between (OOM, a deploy's SIGKILL, a lost machine) would leave
it "running" for ever. Here every worker writes a heartbeat (``tasks.models.Worker``) from a
thread, and each beat also looks for running tasks whose worker has stopped beating: those go
back to the queue to be run again, and after ``MAX_CLAIMS`` such losses a task is failed instead,
so one that kills its worker cannot take the queue down with it.

A stop signal (SIGTERM, Ctrl+C) lets the current task finish; a second one ends it at once (the
task then comes back through recovery).
"""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from .models import HEARTBEAT_SECONDS, Worker
from .periodic import enqueue_due

logger = logging.getLogger(__name__)

# A task whose worker died this many times while running it is failed rather than run again.
MAX_CLAIMS = 3
# Heartbeats of workers gone this long are removed.
FORGET_WORKERS_AFTER = timedelta(days=7)


class WorkerLost(Exception):
    """The workers running this task kept dying; shown as the task's failure."""


def recover_orphans(now=None):
    """Put back in the queue (or fail) running tasks whose worker stopped beating; returns how many."""
    now = now or timezone.now()
    alive = set(Worker.objects.alive(now).values_list("worker_id", flat=True))
    recovered = 0
    with exclusive_transaction(DBTaskResult.objects.db):
        for result in DBTaskResult.objects.running().select_for_update(skip_locked=True):
            if result.worker_ids and result.worker_ids[-1] in alive:
                continue
            if len(result.worker_ids) >= MAX_CLAIMS:
                result.set_failed(WorkerLost(f"its worker stopped {len(result.worker_ids)} times while running it"))
                logger.error("Task %s failed: its worker died %d times", result.id, len(result.worker_ids))
            else:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
                logger.warning("Task %s returned to the queue: worker %s stopped", result.id, result.worker_ids[-1:])
            recovered += 1
    return recovered


class Heartbeat(threading.Thread):
    """Writes the worker's row every ``interval`` seconds and recovers lost tasks, until stopped."""

    def __init__(self, worker, interval=HEARTBEAT_SECONDS):
        super().__init__(name=f"heartbeat-{worker.worker_id[:8]}", daemon=True)
        self.worker = worker
        self.interval = interval
        self.stopping = threading.Event()

    def beat(self):
        now = timezone.now()
        seen = {
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "queues": ",".join(self.worker.queue_names)[:255],
            "last_seen": now,
            "current_task": self.worker.current_task,
            "tasks_run": self.worker.tasks_run,
        }
        Worker.objects.update_or_create(
            worker_id=self.worker.worker_id, defaults=seen, create_defaults={**seen, "started_at": now}
        )
        recover_orphans(now)
        if self.worker.periodic:
            enqueue_due(now)
        Worker.objects.filter(last_seen__lt=now - FORGET_WORKERS_AFTER).delete()

    def run(self):
        try:
            while not self.stopping.wait(self.interval):
                try:
                    self.beat()
                except DatabaseError:  # a busy or restarting database: the next beat tries again
                    logger.warning("Worker heartbeat failed", exc_info=True)
                finally:
                    close_old_connections()
        finally:
            connections.close_all()

    def stop(self):
        self.stopping.set()
        self.join(timeout=self.interval + 5)


class HeartbeatWorker(db_worker.Worker):
    """django-tasks-db's worker loop with a heartbeat thread beside it."""

    def __init__(self, *, heartbeat_interval=HEARTBEAT_SECONDS, periodic=True, **options):
        super().__init__(**options)
        self.heartbeat_interval = heartbeat_interval
        self.periodic = periodic  # offers the periodic tasks (tasks.periodic) at each beat
        self.current_task = ""

    @property
    def tasks_run(self):
        return self._run_tasks

    def run(self):
        heartbeat = Heartbeat(self, self.heartbeat_interval)
        heartbeat.beat()  # seen (and lost tasks recovered) before the first claim
        heartbeat.start()
        try:
            super().run()
        finally:
            heartbeat.stop()
            Worker.objects.filter(worker_id=self.worker_id).delete()

    def run_task(self, db_task_result):
        self.current_task = str(db_task_result.id)
        try:
            super().run_task(db_task_result)
        finally:
            self.current_task = ""
