"""Fanning an alert out: ``send_alert`` splits the audience into batches, ``push_batch`` pushes one.

Each push is encrypted for its browser (aes128gcm) and signed with the site's VAPID key. The push
service's answer decides: 201 delivered; 404 or 410 the subscription is gone and is deleted; 429,
5xx or a network error a passing failure, tried again with the batch's retry. Several workers
share the batches of one alert.
"""

import json
import logging
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from django.db.models import F
from django.utils import timezone
from django_tasks import task
from pywebpush import WebPushException, webpush

from tasks.retry import RetryPolicy, retrying_task
from webhooks.ssrf import ForbiddenTarget, resolve

from . import vapid
from .models import BATCH_SIZE, Alert, AlertBatch, Subscription

logger = logging.getLogger(__name__)

PUSH_RETRIES = RetryPolicy(attempts=6, first_delay=timedelta(seconds=30), factor=2, max_delay=timedelta(minutes=30))
# An alert is news: a push service may drop it if the browser is offline longer than this.
TTL_SECONDS = 6 * 60 * 60
GONE = {404, 410}


class PushFailed(Exception):
    """Some pushes of the batch failed for a passing reason; they are tried again."""


@task()
def send_alert(alert_id):
    """Split the alert's audience into batches of ``BATCH_SIZE`` subscriptions (once) and queue them."""
    alert = Alert.objects.get(pk=alert_id)
    ids = list(Subscription.objects.filter(edition=alert.edition).order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        chunk = ids[start : start + BATCH_SIZE]
        batch, created = AlertBatch.objects.get_or_create(
            alert=alert, first_id=chunk[0], defaults={"last_id": chunk[-1]}
        )
        if created:
            push_batch.enqueue(batch.pk)
    Alert.objects.filter(pk=alert.pk, status=Alert.Status.QUEUED).update(status=Alert.Status.SENDING)
    finish_if_done(alert)
    return len(ids)


def payload(alert):
    return json.dumps(
        {"title": alert.title, "body": alert.body, "url": alert.url, "tag": f"alert-{alert.pk}", "lang": alert.edition},
        ensure_ascii=False,
    )


class Pusher:
    """Pushes one alert's payload, reusing connections and each push service's checked address."""

    def __init__(self, alert):
        self.data = payload(alert)
        self.topic = f"alert-{alert.pk}"
        self.session = requests.Session()
        self.hosts = {}

    def host_allowed(self, endpoint):
        host = urlsplit(endpoint).hostname
        if host not in self.hosts:
            try:
                resolve(endpoint)
                self.hosts[host] = True
            except ForbiddenTarget:
                self.hosts[host] = False
        return self.hosts[host]

    def push(self, subscription):
        """201 and the like, 404/410 for gone, None for a network failure."""
        if not self.host_allowed(subscription.endpoint):
            return 404  # never a push service this site may reach: treated as gone
        try:
            response = webpush(
                subscription.as_subscription_info(),
                data=self.data,
                vapid_private_key=vapid.key(),
                vapid_claims=vapid.claims(),
                ttl=TTL_SECONDS,
                headers={"Topic": self.topic, "Urgency": "high"},
                timeout=10,
                requests_session=self.session,
            )
            return response.status_code
        except WebPushException as exc:
            return exc.response.status_code if exc.response is not None else None
        except requests.RequestException:
            return None


@retrying_task(PUSH_RETRIES)
def push_batch(batch_id):
    batch = AlertBatch.objects.select_related("alert").get(pk=batch_id)
    if batch.finished:
        return "finished already"
    alert = batch.alert
    pusher = Pusher(alert)
    sent = gone = 0
    retry_ids = []
    subscriptions = Subscription.objects.filter(
        edition=alert.edition, id__gt=max(batch.done_through, batch.first_id - 1), id__lte=batch.last_id
    ).order_by("id")
    retrying = Subscription.objects.filter(id__in=batch.retry_ids).order_by("id")
    for subscription in [*retrying, *subscriptions]:
        pk = subscription.pk
        status = pusher.push(subscription)
        if status in GONE:
            subscription.delete()
            gone += 1
        elif status is not None and 200 <= status < 300:
            sent += 1
        else:
            retry_ids.append(pk)
        if pk > batch.done_through:
            # Acknowledged (or kept for the retry) up to here: a rerun starts after it.
            AlertBatch.objects.filter(pk=batch.pk).update(done_through=pk)
    runs = batch.runs + 1
    giving_up = runs >= PUSH_RETRIES.attempts
    AlertBatch.objects.filter(pk=batch.pk).update(
        retry_ids=[] if giving_up else retry_ids,
        finished=giving_up or not retry_ids,
        done_through=batch.last_id,
        runs=runs,
    )
    failed = len(retry_ids) if giving_up else 0
    Alert.objects.filter(pk=alert.pk).update(sent=F("sent") + sent, gone=F("gone") + gone, failed=F("failed") + failed)
    if retry_ids and not giving_up:
        raise PushFailed(f"{len(retry_ids)} pushes failed; tried again later")
    finish_if_done(alert)
    return {"sent": sent, "gone": gone}


def finish_if_done(alert):
    if not AlertBatch.objects.filter(alert=alert, finished=False).exists():
        Alert.objects.filter(pk=alert.pk, finished_at__isnull=True).update(
            status=Alert.Status.SENT, finished_at=timezone.now()
        )
