"""A sample of the site's addresses and a fingerprint of each page, to prove a restored site serves the same pages.

``python -m bench.pages pick 200 > addresses.txt`` picks addresses across the archive (home, section,
region, tag and author pages, articles from its whole span, feeds, sitemaps, the API, search) from the
database in ``DATABASE_URL``; ``python -m bench.pages fingerprint addresses.txt > pages.json`` renders
each through the whole Django stack and writes the SHA-256 of its body; ``compare a.json b.json``
lists the addresses whose pages differ. Pages are rendered at one fixed moment (time-machine; the first
line of the addresses file, written when they were picked), with
the page cache off and no cache behind Most Read, so two renderings of the same database agree byte
for byte; the only thing blanked is the CSP nonce, which is new on every request by design.
"""

import hashlib
import json
import os
import random
import re
import sys
from datetime import datetime
from pathlib import Path

import django

NONCE = re.compile(rb'nonce="[^"]*"')


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()


def pick(count, seed=1):
    """About ``count`` addresses; articles spread over the archive's whole span make up the rest."""
    from django.db.models import Max, Min
    from taggit.models import Tag

    from articles.models import Article, Author
    from taxonomy.models import Region, Section

    rng = random.Random(seed)
    fixed = ["/sitemap.xml", "/robots.txt"]
    for code in ("en", "ar", "es"):
        fixed += [f"/{code}/", f"/{code}/feeds/rss.xml", f"/{code}/breaking.json", f"/{code}/search/?q=harbour"]
        fixed.append(f"/api/v1/articles/?edition={code}")
    fixed += [f"/en/{s.slug}/" for s in Section.objects.filter(parent=None).order_by("pk")[:6]]
    fixed += [f"/en/region/{r.slug}/" for r in Region.objects.order_by("pk")[:3]]
    fixed += [a.get_absolute_url() for a in Author.objects.order_by("pk")[:6]]
    fixed += [f"/en/tag/{t.slug}/" for t in Tag.objects.order_by("pk")[:10]]
    public = Article.objects.public()
    span = public.aggregate(low=Min("pk"), high=Max("pk"))
    articles = []
    while len(fixed) + 2 * len(articles) < count and span["low"] is not None:
        probe = rng.randint(span["low"], span["high"])
        article = public.filter(pk__gte=probe).order_by("pk").first()
        if article and article.pk not in {a.pk for a in articles}:
            articles.append(article)
    addresses = fixed + [a.get_absolute_url() for a in articles] + [f"/api/v1/articles/{a.pk}/" for a in articles]
    return addresses[:count]


def fingerprint(moment, addresses):
    import time_machine
    from django.test import Client
    from django.test.utils import override_settings

    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    result = {}
    with (
        override_settings(CACHES=dummy, NEWSROOM_PAGE_CACHE=False, ALLOWED_HOSTS=["*"]),
        time_machine.travel(moment, tick=False),
    ):
        client = Client()
        for address in addresses:
            response = client.get(address)
            body = NONCE.sub(b'nonce=""', response.content)
            result[address] = f"{response.status_code} {hashlib.sha256(body).hexdigest()}"
    return result


def main(argv):
    command, argument, *rest = argv
    if command == "compare":
        before, after = (json.loads(Path(path).read_text()) for path in (argument, *rest))
        differ = [address for address in before if before[address] != after.get(address)]
        errors = [address for address, value in before.items() if not value.startswith("200 ")]
        print(json.dumps({"addresses": len(before), "differ": differ, "not_200": errors}))
        return 1 if differ else 0
    setup()
    if command == "pick":
        from django.utils import timezone

        print("\n".join([timezone.now().isoformat(), *pick(int(argument))]))
    elif command == "fingerprint":
        moment, *addresses = Path(argument).read_text().split()
        print(json.dumps(fingerprint(datetime.fromisoformat(moment), addresses), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
