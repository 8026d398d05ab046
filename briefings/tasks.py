"""Sending: the opt-in email, and each edition's briefing once a day at its hour.

``send_due_briefings`` runs every ten minutes (``tasks.periodic``): for each edition whose local
time has passed ``NEWSROOM_BRIEFING_HOUR`` (7) it makes the day's briefing if the editors did not,
and sends it unless it was sent. A subscriber is claimed (a ``Sending`` row) before their email
goes: two runs at once, or a rerun after a lost worker, never mail anyone twice (a worker lost
between the claim and the send leaves that reader without that day's email, the lesser evil).
"""

import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError
from django.utils import timezone
from django_tasks import task

from editions import all_editions
from tasks.periodic import periodic
from tasks.retry import RetryPolicy, retrying_task

from . import mail
from .models import Briefing, Sending, Subscriber

MAIL_RETRIES = RetryPolicy(attempts=5, first_delay=timedelta(minutes=1), max_delay=timedelta(minutes=30))


@retrying_task(MAIL_RETRIES)
def send_confirmation(subscriber_id):
    subscriber = Subscriber.objects.filter(pk=subscriber_id, status=Subscriber.Status.PENDING).first()
    if subscriber is not None:
        mail.confirmation_message(subscriber).send()


@retrying_task(MAIL_RETRIES)
def send_briefing(briefing_id):
    briefing = Briefing.objects.get(pk=briefing_id)
    stories = mail.top_stories(briefing)
    if not stories:
        return 0
    sent = 0
    with get_connection() as connection:
        for subscriber in Subscriber.objects.confirmed().filter(edition=briefing.edition).order_by("pk"):
            try:
                Sending.objects.create(briefing=briefing, subscriber=subscriber)
            except IntegrityError:
                continue  # mailed already (or being mailed by another worker)
            email = mail.briefing_message(briefing, subscriber, stories)
            email.connection = connection
            email.send()
            sent += 1
    Briefing.objects.filter(pk=briefing.pk).update(sent_at=timezone.now(), recipients=briefing.sendings.count())
    return sent


@periodic(timedelta(minutes=10))
@task()
def send_due_briefings():
    now = timezone.now()
    queued = []
    for edition in all_editions():
        local = now.astimezone(zoneinfo.ZoneInfo(edition.time_zone))
        if local.hour < settings.NEWSROOM_BRIEFING_HOUR:
            continue
        briefing, _created = Briefing.objects.get_or_create(edition=edition.code, date=local.date())
        if briefing.sent_at is None:
            send_briefing.enqueue(briefing.pk)
            queued.append(edition.code)
    return queued
