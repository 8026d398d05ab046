"""Raising webhook events: the one entry point for every app (articles, breaking news, live blogs).

An app that has something partners should hear about does two things:

1. registers how to write it, once, in its ``signals.py`` or ``ready()``::

       from webhooks.events import payload

       @payload("live_post")
       def live_post_payload(event, pk, format, expect):
           post = Post.objects.filter(pk=pk).first()
           return None if post is None else {"id": post.pk, "text": post.text, ...}

   The builder runs in a worker. It returns the ``data`` of the delivery body as a dict (in
   ``format``, ``"api"`` or ``"ninjs"``), or None when the event no longer holds (the post was
   deleted meanwhile, a scheduled story was moved): then nothing is sent.

2. emits the event where it happens::

       from webhooks.events import emit

       emit("live.post", edition=post.edition, kind="live_post", pk=post.pk)

``emit`` does no work in the request: it queues a fan-out task when the current transaction
commits (at once outside one), so a rolled-back save announces nothing and Publish is not slowed.
``at`` delays the event (a scheduled story goes live at its time); ``expect`` is any JSON value
handed back to the builder to check the event still holds then.
"""

from django.db import transaction

from .models import Endpoint, Event

BUILDERS = {}


def payload(kind):
    """Register the builder of delivery data for events about objects of ``kind``."""

    def register(builder):
        BUILDERS[kind] = builder
        return builder

    return register


def emit(event, edition, kind, pk, *, at=None, expect=None):
    if event not in Event.values:
        raise ValueError(f"unknown webhook event {event!r}; add it to webhooks.models.Event")
    if kind not in BUILDERS:
        raise ValueError(f"no webhook payload registered for {kind!r} (webhooks.events.payload)")
    from .tasks import fan_out

    def enqueue():
        if event != Event.PING and not Endpoint.objects.active().exists():
            return  # no partner registered: no task row for every save
        task = fan_out.using(run_after=at) if at is not None else fan_out
        task.enqueue(event, edition, kind, pk, expect)

    transaction.on_commit(enqueue)
