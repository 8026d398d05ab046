"""Fanning an alert out: ``send_alert`` splits the audience into batches, ``push_batch`` pushes one.

Each push is encrypted for its browser (aes128gcm) and signed with the site's VAPID key. The push
service's answer decides: 201 delivered; 404 or 410 the subscription is gone and is deleted; 429,
5xx or a network error a passing failure, tried again with the batch's retry. Several workers
share the batches of one alert.
"""

import json
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django_tasks import task
from pywebpush import WebPusher, WebPushException
from requests.adapters import HTTPAdapter

from tasks.retry import RetryPolicy, retrying_task
from webhooks.ssrf import ForbiddenTarget, resolve

from . import vapid
from .models import BATCH_SIZE, Alert, AlertBatch, Subscription

PUSH_RETRIES = RetryPolicy(attempts=6, first_delay=timedelta(seconds=30), factor=2, max_delay=timedelta(minutes=30))
# An alert is news: a push service may drop it if the browser is offline longer than this.
TTL_SECONDS = 6 * 60 * 60
GONE = {404, 410}
# Pushes in flight at once per batch: push services answer in tens of milliseconds over the
# internet, so a worker mostly waits; a batch rerun after a lost worker may repeat at most this many.
PARALLEL = 16
VAPID_SECONDS = 12 * 60 * 60


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
    """Pushes one alert's payload: connections kept open, each push service's address checked and its
    VAPID header signed once (they are valid for hours), pushes sent ``PARALLEL`` at a time."""

    def __init__(self, alert):
        self.data = payload(alert)
        self.topic = f"alert-{alert.pk}"
        self.session = requests.Session()
        self.session.trust_env = False  # no proxy lookups per push
        self.session.mount("https://", HTTPAdapter(pool_maxsize=PARALLEL))
        self.session.mount("http://", HTTPAdapter(pool_maxsize=PARALLEL))
        self.services = {}  # origin -> VAPID headers, or None when the address may not be reached

    def headers_for(self, endpoint):
        parts = urlsplit(endpoint)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.services:
            try:
                resolve(endpoint)
            except ForbiddenTarget:
                self.services[origin] = None
            else:
                claims = {**vapid.claims(), "aud": origin, "exp": int(time.time()) + VAPID_SECONDS}
                self.services[origin] = vapid.key().sign(claims)
        return self.services[origin]

    def push(self, subscription):
        """The push service's answer code (201 delivered, 404/410 gone), None for a network failure."""
        vapid_headers = self.headers_for(subscription.endpoint)
        if vapid_headers is None:
            return 404  # never a push service this site may reach: treated as gone
        try:
            response = WebPusher(subscription.as_subscription_info(), requests_session=self.session).send(
                self.data,
                {**vapid_headers, "Topic": self.topic, "Urgency": "high"},
                ttl=TTL_SECONDS,
                content_encoding="aes128gcm",
                timeout=10,
            )
        except (requests.RequestException, WebPushException):
            return None
        return response.status_code

    def push_all(self, subscriptions):
        """(subscription, answer) for each, ``PARALLEL`` at a time, in chunks of ``PARALLEL``."""
        with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
            for start in range(0, len(subscriptions), PARALLEL):
                chunk = subscriptions[start : start + PARALLEL]
                yield chunk, list(pool.map(self.push, chunk))


@retrying_task(PUSH_RETRIES)
def push_batch(batch_id):
    batch = AlertBatch.objects.select_related("alert").get(pk=batch_id)
    if batch.finished:
        return "finished already"
    alert = batch.alert
    pusher = Pusher(alert)
    retry_ids = []
    subscriptions = Subscription.objects.filter(
        edition=alert.edition, id__gt=max(batch.done_through, batch.first_id - 1), id__lte=batch.last_id
    ).order_by("id")
    retrying = Subscription.objects.filter(id__in=batch.retry_ids).order_by("id")
    for chunk, answers in pusher.push_all([*retrying, *subscriptions]):
        sent = gone = 0
        for subscription, status in zip(chunk, answers, strict=True):
            if status in GONE:
                Subscription.objects.filter(pk=subscription.pk).delete()
                gone += 1
            elif status is not None and 200 <= status < 300:
                sent += 1
            else:
                retry_ids.append(subscription.pk)
        # Acknowledged (or kept for the retry) up to here: a rerun starts after it.
        with transaction.atomic():
            AlertBatch.objects.filter(pk=batch.pk).update(
                done_through=Greatest("done_through", max(subscription.pk for subscription in chunk)),
                retry_ids=retry_ids,
            )
            Alert.objects.filter(pk=alert.pk).update(sent=F("sent") + sent, gone=F("gone") + gone)
    runs = batch.runs + 1
    giving_up = runs >= PUSH_RETRIES.attempts
    AlertBatch.objects.filter(pk=batch.pk).update(
        retry_ids=[] if giving_up else retry_ids,
        finished=giving_up or not retry_ids,
        done_through=batch.last_id,
        runs=runs,
    )
    if giving_up and retry_ids:
        Alert.objects.filter(pk=alert.pk).update(failed=F("failed") + len(retry_ids))
    if retry_ids and not giving_up:
        raise PushFailed(f"{len(retry_ids)} pushes failed; tried again later")
    finish_if_done(alert)
    return {"failed": len(retry_ids)}


def finish_if_done(alert):
    if not AlertBatch.objects.filter(alert=alert, finished=False).exists():
        Alert.objects.filter(pk=alert.pk, finished_at__isnull=True).update(
            status=Alert.Status.SENT, finished_at=timezone.now()
        )
