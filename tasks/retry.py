"""Retries with exponential backoff, which django-tasks leaves to the application.

A task made with ``retrying_task`` that raises one of its policy's ``retry_on`` exceptions is
enqueued again to run after a delay that doubles at each attempt (with a little random spread,
so many failures do not come back in one wave), until its attempts are used up. Each attempt is
its own task row: the failed one keeps its traceback for the admin, the next one waits in the
queue with its ``run_after``. The attempt number travels as the ``attempt`` keyword argument.

Whatever a task does must be safe to repeat: a worker that dies mid-task leaves it to be run
again (``tasks.worker``). Deliveries carry idempotency keys for that reason.
"""

import functools
import random
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django_tasks import task


class RetryScheduled(Exception):
    """This attempt failed and another is queued; the admin shows when."""


@dataclass(frozen=True)
class RetryPolicy:
    """Attempt ``n`` (from 1) that fails waits ``first_delay * factor ** (n - 1)``, at most ``max_delay``."""

    attempts: int = 5
    first_delay: timedelta = timedelta(seconds=10)
    factor: float = 2.0
    max_delay: timedelta = timedelta(hours=1)
    # Each delay is spread at random by up to this fraction either way.
    jitter: float = 0.1
    retry_on: tuple[type[BaseException], ...] = (Exception,)

    def delay(self, attempt, rng=random):
        base = min(self.first_delay * self.factor ** (attempt - 1), self.max_delay)
        return base * (1 + rng.uniform(-self.jitter, self.jitter))

    def should_retry(self, attempt, exc):
        return attempt < self.attempts and isinstance(exc, self.retry_on)

    def span(self):
        """How long, without jitter, from the first failure to the last attempt."""
        return sum(
            (min(self.first_delay * self.factor ** (n - 1), self.max_delay) for n in range(1, self.attempts)),
            timedelta(0),
        )


def retrying_task(policy=RetryPolicy(), **task_options):
    """Like django-tasks' ``@task(...)``, with ``policy`` deciding whether and when to try again."""

    def decorate(function):
        @functools.wraps(function)
        def run(*args, attempt=1, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception as exc:
                if not policy.should_retry(attempt, exc):
                    raise
                when = timezone.now() + policy.delay(attempt)
                follow_up = the_task.using(run_after=when).enqueue(*args, attempt=attempt + 1, **kwargs)
                raise RetryScheduled(
                    f"attempt {attempt} of {policy.attempts} failed ({exc}); attempt {attempt + 1} "
                    f"queued as {follow_up.id} to run after {when:%Y-%m-%d %H:%M:%S} UTC"
                ) from exc

        the_task = task(**task_options)(run)
        return the_task

    return decorate
