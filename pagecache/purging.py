"""Tell a CDN in front which cached answers changed: purge by surrogate key (Fastly) or cache tag (Cloudflare).

Every cacheable answer names what it showed in ``Surrogate-Key`` (space-separated, read by Fastly)
and ``Cache-Tag`` (comma-separated, read by Cloudflare). When a change commits, the page cache
sends ``keys_invalidated`` with the keys it renewed; with ``NEWSROOM_PAGE_CACHE_PURGER`` set, the
receiver here queues a task (``purge_cdn``) that hands them to that purger, off the editor's request.
A purger is a class whose instances are called with a list of keys; the two here speak to Fastly's
and Cloudflare's purge APIs with the settings ``NEWSROOM_CDN_API_URL`` (their public API unless
told otherwise), ``NEWSROOM_CDN_SERVICE`` (Fastly service id, Cloudflare zone id) and
``NEWSROOM_CDN_API_TOKEN``. A failed purge is retried (``tasks.retry``); until it succeeds the CDN
keeps its copy for at most ``s-maxage`` plus ``stale-while-revalidate``.
"""

import json
import urllib.request

from django.conf import settings
from django.dispatch import Signal, receiver
from django.utils.module_loading import import_string

from tasks.retry import RetryPolicy, retrying_task

# Sent when a change has committed; ``keys``: the surrogate keys whose answers are stale.
keys_invalidated = Signal()

HTTP_SECONDS = 10


def header_value(keys, separator):
    return separator.join(sorted(keys))


def _post(url, headers, body=b""):
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=HTTP_SECONDS) as answer:
        answer.read()


class FastlyPurger:
    """Fastly's purge by surrogate key: up to 256 keys a call, in the ``Surrogate-Key`` header."""

    BATCH = 256
    API_URL = "https://api.fastly.com"

    def __call__(self, keys):
        base = settings.NEWSROOM_CDN_API_URL or self.API_URL
        url = f"{base.rstrip('/')}/service/{settings.NEWSROOM_CDN_SERVICE}/purge"
        for start in range(0, len(keys), self.BATCH):
            batch = keys[start : start + self.BATCH]
            _post(url, {"Fastly-Key": settings.NEWSROOM_CDN_API_TOKEN, "Surrogate-Key": header_value(batch, " ")})


class CloudflarePurger:
    """Cloudflare's purge by cache tag: up to 30 tags a call, as JSON."""

    BATCH = 30
    API_URL = "https://api.cloudflare.com/client/v4"

    def __call__(self, keys):
        base = settings.NEWSROOM_CDN_API_URL or self.API_URL
        url = f"{base.rstrip('/')}/zones/{settings.NEWSROOM_CDN_SERVICE}/purge_cache"
        headers = {"Authorization": f"Bearer {settings.NEWSROOM_CDN_API_TOKEN}", "Content-Type": "application/json"}
        for start in range(0, len(keys), self.BATCH):
            _post(url, headers, json.dumps({"tags": keys[start : start + self.BATCH]}).encode())


@retrying_task(RetryPolicy(attempts=4, retry_on=(OSError,)))
def purge_cdn(keys):
    """Ask the configured CDN to drop its copies of the answers that showed ``keys``."""
    import_string(settings.NEWSROOM_PAGE_CACHE_PURGER)()(keys)
    return len(keys)


@receiver(keys_invalidated, dispatch_uid="pagecache-purge-cdn")
def queue_purge(sender, keys, **kwargs):
    if settings.NEWSROOM_PAGE_CACHE_PURGER and keys:
        purge_cdn.enqueue(keys)
