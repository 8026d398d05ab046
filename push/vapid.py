"""The site's VAPID key pair: it identifies this server to the browsers' push services.

Production sets ``WEBPUSH_VAPID_PRIVATE_KEY`` (PEM, or the raw key in base64url) in the
environment, the same on every machine that sends. Without it, a key is generated on first use
and kept in ``WEBPUSH_VAPID_KEY_FILE`` (``var/vapid-private.pem``, readable by its owner only), so
development works out of the box. Changing the key orphans every subscription: browsers
subscribed with the old public key.
"""

import functools
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid
from py_vapid.utils import b64urlencode


@functools.cache
def key():
    configured = settings.WEBPUSH_VAPID_PRIVATE_KEY.strip()
    if configured:
        return Vapid.from_string(configured) if "BEGIN" not in configured else Vapid.from_pem(configured.encode())
    path = Path(settings.WEBPUSH_VAPID_KEY_FILE)
    if not path.exists():
        vapid = Vapid()
        vapid.generate_keys()
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(vapid.private_pem())
    return Vapid.from_file(str(path))


def application_server_key():
    """The public key as browsers want it in ``pushManager.subscribe`` (base64url, uncompressed point)."""
    raw = key().public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return b64urlencode(raw)


def claims():
    return {"sub": settings.WEBPUSH_CONTACT}
