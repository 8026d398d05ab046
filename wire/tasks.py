"""Wire sources on the task queue: one task per source run, so one slow or failing source never blocks another.

``schedule_wire_sources`` is a periodic task (``tasks.periodic``): the workers' heartbeat offers it
every minute, so no scheduler process of its own is needed (``manage.py poll_wire`` does the same
by hand or from cron). ``enqueue_due_sources`` claims each due source by moving its next run time forward in one
UPDATE, so two schedulers never queue the same source twice, and queues one
``run_wire_source`` task for it.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from tasks.periodic import periodic

from .models import WireSource
from .sources import run_source

# Long enough for a run to finish; the run itself sets the real next time.
CLAIM_SECONDS = 15 * 60


@task()
def run_wire_source(source_id):
    source = WireSource.objects.filter(pk=source_id, active=True).select_related("agency", "section").first()
    if source is not None:
        run_source(source)


def claim_due_sources(now=None):
    """The due sources, each claimed (its next run pushed forward) so no other scheduler takes it."""
    now = now or timezone.now()
    claimed = []
    for source in WireSource.objects.due(now):
        later = now + timezone.timedelta(seconds=CLAIM_SECONDS)
        if WireSource.objects.filter(pk=source.pk, next_run_at=source.next_run_at).update(next_run_at=later):
            claimed.append(source)
    return claimed


def enqueue_due_sources(now=None):
    sources = claim_due_sources(now)
    for source in sources:
        transaction.on_commit(lambda pk=source.pk: run_wire_source.enqueue(pk))
    return sources


@periodic(timedelta(minutes=1))
@task()
def schedule_wire_sources():
    return len(enqueue_due_sources())
