"""What the wire announces, for apps that watch ingest (metrics, the audit log) without wire knowing them.

``item_ingested(source, outcome)`` after each item (``outcome.status`` is one of
``wire.services.STATUSES``); ``run_finished(source, summary, channel)`` after a delivery (one
HTTP request or one ``ingest_ninjs`` command), ``channel`` being ``"api"`` or ``"command"``.
``source`` is the delivering agency's ``Source``, or None when the items named their own.
"""

from django.dispatch import Signal

item_ingested = Signal()
run_finished = Signal()
