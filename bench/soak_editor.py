"""The soak test's editor: ``python -m bench.soak_editor BASE_URL SECONDS EVERY OUT``.

While ``bench/soak.sh`` keeps readers on many pages, this publishes a new story every ``EVERY``
seconds for ``SECONDS`` (through ``articles.workflow.publish``, as the admin does, in the
database and cache the server uses) and measures publish-to-visible: from the commit to the
first answer of the front page and of the story's section page, fetched as a reader over HTTP,
that shows it. Each publish is one JSON line in ``OUT``. Bounded: a story not visible after
``GIVE_UP`` seconds is written down as such and the run goes on.
"""

import json
import os
import ssl
import sys
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

GIVE_UP = 10
POLL = 0.02


# Through the proxy (SOAK_PROXY=1) the site is HTTPS with bench/proxy.py's self-signed certificate.
LOOPBACK_TLS = ssl.create_default_context()
LOOPBACK_TLS.check_hostname = False
LOOPBACK_TLS.verify_mode = ssl.CERT_NONE


def fetch(url):
    """The page's text; empty when it did not come (a timeout under load counts as not shown yet)."""
    try:
        with urllib.request.urlopen(url, timeout=GIVE_UP, context=LOOPBACK_TLS) as answer:
            return answer.read().decode()
    except OSError:
        return ""


def first_seen(url, slug, committed):
    """Seconds from ``committed`` to the first answer of ``url`` linking ``slug`` (None: not in time)."""
    while time.monotonic() - committed < GIVE_UP:
        if slug in fetch(url):
            return time.monotonic() - committed
        time.sleep(POLL)
    return None


def visible_after(urls, slug, committed):
    """``first_seen`` of each of ``urls``, polled side by side: one page's wait is not counted in another's."""
    with ThreadPoolExecutor(max_workers=len(urls)) as pool:
        return list(pool.map(lambda url: first_seen(url, slug, committed), urls))


def main(base_url, seconds, every, out):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from articles import workflow
    from articles.models import Article

    editor, _ = get_user_model().objects.get_or_create(
        username="soak-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    models = list(Article.objects.public().in_edition("en").select_related("section").latest()[:20])
    end = time.monotonic() + seconds
    number = 0
    with open(out, "a") as lines:
        while time.monotonic() + every < end:
            time.sleep(every)
            model = models[number % len(models)]
            number += 1
            slug = f"soak-{uuid.uuid4().hex[:12]}"
            with transaction.atomic():
                story = Article.objects.create(
                    edition="en",
                    section=model.section,
                    headline=f"Soak story {number}",
                    slug=slug,
                    standfirst=model.standfirst,
                    body=model.body,
                    status=Article.Status.DRAFT,
                )
                workflow.publish(story, editor)
            committed = time.monotonic()
            urls = [f"{base_url}/en/", f"{base_url}/en/{story.section.slug}/"]
            front, section = visible_after(urls, slug, committed)
            record = {"at": timezone.now().isoformat(), "slug": slug, "front_s": front, "section_s": section}
            lines.write(json.dumps(record) + "\n")
            lines.flush()


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4])
