"""The audit log's background work, for the task queue (``tasks``): pruning, e.g. enqueued nightly."""

from django_tasks import task

from .services import prune


@task()
def prune_audit_log():
    return prune()
