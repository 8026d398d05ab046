"""What happened on a live story, announced once for every app that follows it.

``live_post`` is sent after a post is written, edited, pinned or unpinned, or deleted (kept in
history), inside the saving transaction. Receivers get ``sender`` (the ``LivePost`` class),
``post``, ``story`` and ``action``: one of ``ACTIONS``. The live app itself listens to renew the
story's cached pages, its updates and its feed (``signals``); alerts or webhooks may listen too.
"""

from django.dispatch import Signal

live_post = Signal()

ACTIONS = ("posted", "edited", "deleted")
