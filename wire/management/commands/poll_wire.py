"""``python manage.py poll_wire``: queue a run for each wire source that is due (run it every minute).

``--run`` runs the due sources here, one after another, instead of queueing them
(no worker needed); ``--loop SECONDS`` keeps scheduling until stopped.
"""

import time

from django.core.management.base import BaseCommand

from wire.sources import run_source
from wire.tasks import claim_due_sources, enqueue_due_sources


class Command(BaseCommand):
    help = "Queue (or with --run, run) every wire source whose time has come."

    def add_arguments(self, parser):
        parser.add_argument("--run", action="store_true", help="run the due sources in this process")
        parser.add_argument("--loop", type=int, metavar="SECONDS", help="repeat every SECONDS until stopped")

    def handle(self, *args, **options):
        while True:
            self.schedule(options["run"])
            if not options["loop"]:
                return
            time.sleep(options["loop"])

    def schedule(self, inline):
        if not inline:
            for source in enqueue_due_sources():
                self.stdout.write(f"{source}: queued")
            return
        for source in claim_due_sources():
            run = run_source(source)
            line = (
                f"{source}: {run.status} ({run.files} files; {run.created} new, {run.updated} updated, "
                f"{run.unchanged} unchanged, {run.ignored} ignored, {run.rejected} refused)"
            )
            self.stdout.write(f"{line} — {run.error}" if run.error else line)
