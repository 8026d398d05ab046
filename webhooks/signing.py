"""How a delivery is signed, and how a receiver checks it (the same scheme as Stripe's).

Each request carries::

    Meridian-Webhook-Id: 5f0c…             the idempotency id: the same on every retry of a delivery
    Meridian-Webhook-Event: article.published
    Meridian-Signature: t=1764612345,v1=9f86d0…

``v1`` is the hex HMAC-SHA256, keyed with the endpoint's secret, of the timestamp ``t`` (Unix
seconds, when this attempt was made), a full stop and the raw request body:
``hmac_sha256(secret, f"{t}.{body}")``. A receiver recomputes it over the bytes it received,
compares in constant time, refuses a ``t`` more than five minutes away from its clock (a replay),
and ignores an id it has already processed (a retry after a lost acknowledgement).
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Meridian-Signature"
ID_HEADER = "Meridian-Webhook-Id"
EVENT_HEADER = "Meridian-Webhook-Event"
TOLERANCE_SECONDS = 300


def signature(secret, timestamp, body):
    """The ``v1`` value for ``body`` (bytes) sent at ``timestamp``."""
    message = f"{int(timestamp)}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret, body, timestamp=None):
    timestamp = int(time.time() if timestamp is None else timestamp)
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(secret, header, body, now=None, tolerance=TOLERANCE_SECONDS):
    """True when ``header`` signs ``body`` with ``secret`` and its time is within ``tolerance`` seconds."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(fields.get("v1", ""), signature(secret, timestamp, body))
