"""The background task queue: django-tasks with its database backend, plus what a newsroom needs on top.

Work that must not slow a request (webhooks, push alerts, emails) is a *task*: a module-level
function decorated with ``tasks.retry.retrying_task`` (or django-tasks' own ``task``) and enqueued
with ``.enqueue(...)``, usually from ``transaction.on_commit``. Tasks are rows in the database
(``django_tasks_db``), so the embedded SQLite site needs no other server; workers
(``manage.py run_worker``) claim them one at a time.

On top of the library this app adds:

- ``retry``: exponential backoff with jitter (the library runs a task once);
- ``worker``: a heartbeat per worker process and the return to the queue of tasks whose worker
  died while running them (the library leaves them "running" for ever);
- ``health.worker_alive()``: whether any worker has been seen lately, for readiness checks;
- the admin pages where Admins see queued, running, failed and finished tasks and the workers.
"""
