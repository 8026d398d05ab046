"""Tasks the task-queue tests enqueue; a module the worker (in a thread or a subprocess) can import."""

import time
from datetime import timedelta
from pathlib import Path

from django_tasks import task

from tasks.retry import RetryPolicy, retrying_task

QUICK_RETRIES = RetryPolicy(attempts=3, first_delay=timedelta(seconds=60), jitter=0)


@task()
def note(path, text):
    """Appends ``text`` as a line to the file at ``path``."""
    with Path(path).open("a") as file:
        file.write(text + "\n")
    return text


@retrying_task(QUICK_RETRIES)
def flaky(path, failures):
    """Fails its first ``failures`` runs (counted in the file at ``path``), then succeeds."""
    runs = Path(path).read_text().count("run\n") if Path(path).exists() else 0
    note.call(path, "run")
    if runs < failures:
        raise ConnectionError(f"refused on run {runs + 1}")
    return runs + 1


@task()
def slow(path, seconds):
    """Notes that it started, sleeps, notes that it finished."""
    note.call(path, "started")
    time.sleep(seconds)
    note.call(path, "finished")
