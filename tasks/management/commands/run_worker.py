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
        # A quarter of a second between looks at an empty queue: alerts go out promptly, and an idle
        # worker costs four indexed queries a second.
        parser.set_defaults(queue_name="*", reload=False, interval=0.25)
        parser.add_argument(
            "--no-periodic",
            action="store_false",
            dest="periodic",
            help="Do not enqueue periodic tasks (the daily briefings' check); another worker does.",
        )

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, periodic, **options):
        self.configure_logging(verbosity)
        worker = HeartbeatWorker(
            periodic=periodic,
            queue_names=queue_name.split(","),
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
            **{
                key: options[key]
                for key in ("interval", "batch", "backend_name", "startup_delay", "max_tasks", "worker_id")
            },
        )
        worker.configure_signals()
        worker.run()
