"""Figures read when Prometheus scrapes, rather than counted as things happen: the task queue's."""

import logging

from django.db import DatabaseError
from prometheus_client.core import GaugeMetricFamily

from tasks.health import queue_state

logger = logging.getLogger(__name__)

QUEUE_GAUGES = {
    "ready": "Tasks waiting to run now",
    "oldest_ready_seconds": "Age of the oldest task waiting to run",
    "running": "Tasks running",
    "failed_last_hour": "Tasks that failed in the last hour",
    "workers": "Task workers whose heartbeat is fresh",
}


class QueueCollector:
    def collect(self):
        try:
            state = queue_state()
        except DatabaseError as exc:
            logger.error("Metrics: cannot read the task queue: %s", exc)
            return
        for name, documentation in QUEUE_GAUGES.items():
            yield GaugeMetricFamily(f"newsroom_tasks_{name}", documentation, value=state[name])
