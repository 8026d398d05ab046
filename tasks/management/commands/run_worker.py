"""``manage.py run_worker``: a worker process for the task queue (see ``tasks.worker``).

Takes django-tasks-db's ``db_worker`` options (``--queue-name``, ``--interval``, ``--batch``,
``--max-tasks``, ``--worker-id``...) except ``--reload``. Run as many as the work needs, on this
machine or others that reach the same database.
"""

from django_tasks_db.management.commands import db_worker

from tasks.worker import HeartbeatWorker


class Command(db_worker.Command):
    help = "Run a task queue worker with a heartbeat; tasks of workers that die go back to the queue."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, **options):
        self.configure_logging(verbosity)
        worker = HeartbeatWorker(
            queue_names=queue_name.split(","),
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
            **{
                key: options[key]
                for key in ("interval", "batch", "backend_name", "startup_delay", "max_tasks", "worker_id")
            },
        )
        worker.configure_signals()
        worker.run()
