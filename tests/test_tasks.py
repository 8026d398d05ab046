"""The task queue: a real worker runs tasks, retries with backoff, survives its own death, shows its state."""

import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tasks.health import queue_state, worker_alive
from tasks.models import Worker
from tasks.retry import RetryPolicy
from tasks.worker import MAX_CLAIMS, recover_orphans
from tests import queue_tasks
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent


def result_of(task_result):
    return DBTaskResult.objects.get(pk=task_result.id)


# The retry policy


def test_delays_double_from_the_first_up_to_the_cap():
    policy = RetryPolicy(first_delay=timedelta(seconds=10), factor=2, max_delay=timedelta(seconds=60), jitter=0)
    assert [policy.delay(n).total_seconds() for n in range(1, 6)] == [10, 20, 40, 60, 60]


def test_jitter_spreads_each_delay_within_its_fraction():
    policy = RetryPolicy(first_delay=timedelta(seconds=100), jitter=0.1)
    delays = {policy.delay(1, random.Random(seed)).total_seconds() for seed in range(50)}
    assert min(delays) >= 90 and max(delays) <= 110
    assert len(delays) > 40


def test_the_span_adds_up_the_waits_between_attempts():
    policy = RetryPolicy(attempts=4, first_delay=timedelta(minutes=1), factor=3, max_delay=timedelta(hours=1))
    assert policy.span() == timedelta(minutes=1 + 3 + 9)


def test_only_the_listed_errors_are_retried_and_never_past_the_last_attempt():
    policy = RetryPolicy(attempts=3, retry_on=(ConnectionError,))
    assert policy.should_retry(1, ConnectionError())
    assert not policy.should_retry(1, ValueError())
    assert not policy.should_retry(3, ConnectionError())


# A real worker, in this process


def test_a_worker_runs_what_was_enqueued_and_records_it(work_queue, tmp_path):
    path = tmp_path / "notes"
    enqueued = [queue_tasks.note.enqueue(str(path), f"line {n}") for n in range(3)]
    assert all(result_of(r).status == TaskResultStatus.READY for r in enqueued)

    worker = work_queue()

    assert path.read_text() == "line 0\nline 1\nline 2\n"
    for task_result in enqueued:
        row = result_of(task_result)
        assert row.status == TaskResultStatus.SUCCESSFUL
        assert row.worker_ids == [worker.worker_id]
    assert not Worker.objects.exists(), "a worker that stops removes its heartbeat"


def test_a_failing_task_is_queued_again_after_its_backoff(work_queue, tmp_path):
    path = tmp_path / "runs"
    first = queue_tasks.flaky.enqueue(str(path), failures=1)

    before = timezone.now()
    work_queue()

    failed = result_of(first)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == "tasks.retry.RetryScheduled"
    assert "attempt 1 of 3 failed (refused on run 1)" in failed.traceback
    follow_up = DBTaskResult.objects.exclude(pk=first.id).get()
    assert follow_up.status == TaskResultStatus.READY
    assert follow_up.args_kwargs["kwargs"] == {"failures": 1, "attempt": 2}
    assert before + timedelta(seconds=59) < follow_up.run_after < timezone.now() + timedelta(seconds=61)
    assert path.read_text() == "run\n", "the retry waits for its time"

    DBTaskResult.objects.filter(pk=follow_up.pk).update(run_after=timezone.now())
    work_queue()

    follow_up.refresh_from_db()
    assert follow_up.status == TaskResultStatus.SUCCESSFUL
    assert follow_up.return_value == 2


def test_the_second_retry_waits_twice_as_long(work_queue, tmp_path):
    path = tmp_path / "runs"
    queue_tasks.flaky.enqueue(str(path), failures=5)
    work_queue()
    second = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    DBTaskResult.objects.filter(pk=second.pk).update(run_after=timezone.now())

    started = timezone.now()
    work_queue()

    third = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert third.args_kwargs["kwargs"]["attempt"] == 3
    assert started + timedelta(seconds=119) < third.run_after < timezone.now() + timedelta(seconds=121)


def test_a_task_gives_up_after_its_last_attempt(work_queue, tmp_path):
    path = tmp_path / "runs"
    queue_tasks.flaky.enqueue(str(path), failures=10)
    for _attempt in range(3):
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
        work_queue()

    assert path.read_text() == "run\n" * 3
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    last = DBTaskResult.objects.filter(args_kwargs__kwargs__attempt=3).get()
    assert last.status == TaskResultStatus.FAILED
    assert last.exception_class_path == "builtins.ConnectionError"
    assert DBTaskResult.objects.filter(exception_class_path="tasks.retry.RetryScheduled").count() == 2


# Workers that die


def claimed_by(task_result, *worker_ids):
    DBTaskResult.objects.filter(pk=task_result.id).update(
        status=TaskResultStatus.RUNNING, worker_ids=list(worker_ids), started_at=timezone.now()
    )


def beat(worker_id, seconds_ago):
    Worker.objects.create(
        worker_id=worker_id,
        hostname="test",
        pid=1,
        queues="*",
        last_seen=timezone.now() - timedelta(seconds=seconds_ago),
    )


def test_a_task_left_running_by_a_dead_worker_is_run_again(work_queue, tmp_path):
    path = tmp_path / "notes"
    lost = queue_tasks.note.enqueue(str(path), "lost and found")
    claimed_by(lost, "dead-worker")
    beat("dead-worker", seconds_ago=600)

    work_queue(worker_id="new-worker")

    row = result_of(lost)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.worker_ids == ["dead-worker", "new-worker"]
    assert path.read_text() == "lost and found\n"


def test_a_task_running_on_a_live_worker_is_left_alone(db, tmp_path):
    busy = queue_tasks.note.enqueue(str(tmp_path / "notes"), "busy")
    claimed_by(busy, "live-worker")
    beat("live-worker", seconds_ago=1)

    assert recover_orphans() == 0
    assert result_of(busy).status == TaskResultStatus.RUNNING


def test_a_task_that_keeps_killing_its_workers_is_failed(db, tmp_path):
    poison = queue_tasks.note.enqueue(str(tmp_path / "notes"), "poison")
    claimed_by(poison, *(f"dead-{n}" for n in range(MAX_CLAIMS)))

    assert recover_orphans() == 1

    row = result_of(poison)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "tasks.worker.WorkerLost"


# Health and the admin


def test_worker_alive_reads_fresh_heartbeats_only(db):
    assert not worker_alive()
    beat("old", seconds_ago=600)
    assert not worker_alive()
    beat("fresh", seconds_ago=2)
    assert worker_alive()


def test_queue_state_counts_waiting_running_and_failed_tasks(db, tmp_path):
    ready = queue_tasks.note.enqueue(str(tmp_path / "n"), "a")
    running = queue_tasks.note.enqueue(str(tmp_path / "n"), "b")
    claimed_by(running, "w")
    DBTaskResult.objects.filter(pk=ready.id).update(enqueued_at=timezone.now() - timedelta(seconds=90))

    state = queue_state()

    assert state["ready"] == 1 and state["running"] == 1 and state["failed_last_hour"] == 0
    assert 89 < state["oldest_ready_seconds"] < 100


def test_admins_see_the_queue_and_editors_do_not(client, db, tmp_path):
    queue_tasks.flaky.enqueue(str(tmp_path / "runs"), failures=0)
    beat("fresh", seconds_ago=1)
    admin_user = UserFactory(username="chief", role="Admin")
    editor_user = UserFactory(username="desk", role="Editor")

    client.force_login(admin_user)
    tasks_page = client.get(f"/{settings.ADMIN_PATH}django_tasks_database/dbtaskresult/")
    workers_page = client.get(f"/{settings.ADMIN_PATH}tasks/worker/")
    assert tasks_page.status_code == 200 and b"flaky" in tasks_page.content
    assert workers_page.status_code == 200 and b"test:1" in workers_page.content

    client.force_login(editor_user)
    assert client.get(f"/{settings.ADMIN_PATH}django_tasks_database/dbtaskresult/").status_code == 403


# A real worker process, killed and restarted


def worker_process(env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--interval", "0.1", "--no-startup-delay", "-v", "0"],
        cwd=ROOT,
        env=env,
    )


def wait_for(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker process needs a shared database (PostgreSQL)")
def test_a_killed_worker_process_loses_nothing_and_a_stopped_one_finishes_its_task(
    django_db_serialized_rollback, transactional_db, tmp_path
):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "NEWSROOM_WORKER_HEARTBEAT_SECONDS": "0.2",
        "NEWSROOM_WORKER_STALE_SECONDS": "1",
    }
    env.pop("TEST_DB_NAME", None)
    path = tmp_path / "notes"
    first = queue_tasks.slow.enqueue(str(path), 30)

    doomed = worker_process(env)
    assert wait_for(lambda: path.exists() and "started" in path.read_text())
    assert wait_for(worker_alive)
    doomed.send_signal(signal.SIGKILL)
    doomed.wait()
    assert result_of(first).status == TaskResultStatus.RUNNING

    DBTaskResult.objects.filter(pk=first.id).update(args_kwargs={"args": [str(path), 0.5], "kwargs": {}})
    survivor = worker_process(env)
    try:
        assert wait_for(lambda: result_of(first).status == TaskResultStatus.SUCCESSFUL)
        assert len(result_of(first).worker_ids) == 2
        second = queue_tasks.slow.enqueue(str(path), 1)
        assert wait_for(lambda: result_of(second).status == TaskResultStatus.RUNNING)
        survivor.send_signal(signal.SIGTERM)
        assert survivor.wait(timeout=20) == 0
    finally:
        survivor.kill()
    assert result_of(second).status == TaskResultStatus.SUCCESSFUL, "a stopped worker finishes its task first"
    assert list(Worker.objects.values_list("pid", flat=True)) == [doomed.pid], "only the killed one's row is left"
