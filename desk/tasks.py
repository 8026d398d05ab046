"""The desk's background work, for the task queue (``tasks``): dropping autosaved copies nobody came back for."""

from datetime import timedelta

from django_tasks import task

from tasks.periodic import periodic

from . import autosave


@periodic(timedelta(hours=6))
@task()
def prune_autosaved_copies():
    return autosave.prune()
