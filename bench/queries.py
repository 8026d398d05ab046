"""How many database queries a page costs on a page-cache miss, counted on the benchmark's archive.

``python -m bench.queries NAME PATH`` prints one JSON line for ``bench/report.py``. The page is
fetched once first, so the shared caches (menus, ticker, Most Read) are filled as on a running site;
the second fetch is counted.
"""

import json
import os
import sys

import django


def main(name, path):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(NEWSROOM_PAGE_CACHE=False):
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
    if response.status_code != 200:
        sys.exit(f"{path} answered {response.status_code}")
    print(json.dumps({"mode": "queries", "name": name, "path": path, "queries": len(queries)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
