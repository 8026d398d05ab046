"""The webhook tasks: fan an event out to the endpoints listening, then deliver each with retries.

``deliver`` retries for a little over 24 hours (30 s, 1 min, 2 min... then hourly: 31 attempts),
after which the delivery is failed. An endpoint whose every attempt failed for a day is switched
off (``Endpoint.record_failure``) and its pending deliveries are cancelled. A delivery already
acknowledged (2xx) is never sent again, even if its task runs twice.
"""

import json
import time
from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError
from django.utils import timezone
from django_tasks import task

from tasks.retry import RetryPolicy, retrying_task

from . import delivery, signing
from .events import BUILDERS
from .models import Delivery, Endpoint, Event

DELIVERY_RETRIES = RetryPolicy(
    attempts=31, first_delay=timedelta(seconds=30), factor=2, max_delay=timedelta(hours=1), jitter=0.1
)


class DeliveryFailed(Exception):
    """The endpoint did not acknowledge: another attempt follows."""


@task(takes_context=True, queue_name="default")
def fan_out(context, event, edition, kind, pk, expect=None):
    """Create one delivery per listening endpoint (once, however often this runs) and queue them."""
    if event == Event.PING:
        endpoints = list(Endpoint.objects.filter(pk=pk))
    else:
        endpoints = Endpoint.objects.listening_to(event, edition)
    if not endpoints:
        return 0
    data_by_format = {}
    occurrence = str(context.task_result.id)
    created_at = timezone.now()
    queued = 0
    for endpoint in endpoints:
        if endpoint.format not in data_by_format:
            data_by_format[endpoint.format] = BUILDERS[kind](event, pk, endpoint.format, expect)
        data = data_by_format[endpoint.format]
        if data is None:  # the event no longer holds
            continue
        item = Delivery(endpoint=endpoint, event=event, occurrence=occurrence, subject=f"{kind} {pk}")
        item.body = json.dumps(
            {"id": str(item.id), "event": event, "created": created_at, "edition": edition, "data": data},
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
        )
        try:
            item.save(force_insert=True)
        except IntegrityError:  # this task ran before and died after creating it: it is queued already
            continue
        deliver.enqueue(str(item.id))
        queued += 1
    return queued


@retrying_task(DELIVERY_RETRIES, queue_name="default")
def deliver(delivery_id):
    item = Delivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if item is None or item.status != Delivery.Status.PENDING:
        return item and item.status  # gone, or acknowledged already: never sent twice
    endpoint = item.endpoint
    if not endpoint.is_active:
        Delivery.objects.filter(pk=item.pk).update(status=Delivery.Status.CANCELLED)
        return Delivery.Status.CANCELLED
    body = item.body.encode()
    outcome = delivery.post(
        endpoint.url,
        body,
        {
            signing.ID_HEADER: str(item.id),
            signing.EVENT_HEADER: item.event,
            signing.SIGNATURE_HEADER: signing.signature_header(endpoint.secret, body, time.time()),
        },
    )
    item.attempt_log.create(
        duration_ms=outcome.duration_ms,
        status_code=outcome.status_code,
        succeeded=outcome.succeeded,
        error=outcome.error,
        response_excerpt=outcome.excerpt,
    )
    attempts = item.attempts + 1
    if outcome.succeeded:
        Delivery.objects.filter(pk=item.pk).update(
            status=Delivery.Status.DELIVERED, attempts=attempts, delivered_at=timezone.now()
        )
        endpoint.record_success()
        return Delivery.Status.DELIVERED
    reason = outcome.error or f"HTTP {outcome.status_code}"
    final = attempts >= DELIVERY_RETRIES.attempts
    Delivery.objects.filter(pk=item.pk).update(
        attempts=attempts, status=Delivery.Status.FAILED if final else Delivery.Status.PENDING
    )
    if endpoint.record_failure(reason):
        Delivery.objects.filter(endpoint=endpoint, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.CANCELLED
        )
        return Delivery.Status.CANCELLED
    raise DeliveryFailed(reason)
