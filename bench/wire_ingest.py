"""Wire ingest speed from a drop folder: ``python -m bench.wire_ingest [--items N] [--per-file M]``.

Fills a temporary drop folder with ninjs 3.x stories (headline, body, byline, three
subjects, a dateline: what agencies send), ingests it with the drop-folder run the
site uses (``wire.sources.run_source``), then delivers every item again as version 2
(updates) and once more (repeats), and prints one table: items per minute for each
pass. The database is a scratch SQLite file in the temporary folder unless
``WIRE_BENCH_DATABASE_URL`` names another (never point it at data you keep).
Target: 10,000 new items a minute or better.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

TARGET_PER_MINUTE = 10_000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--per-file", type=int, default=100)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="wire-bench-"))
    os.environ["DATABASE_URL"] = os.environ.get("WIRE_BENCH_DATABASE_URL", f"sqlite:///{scratch / 'bench.sqlite3'}")
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from articles.models import Source
    from wire.models import WireSource

    agency, _created = Source.objects.get_or_create(slug="bench-wire", defaults={"name": "Bench Wire"})
    folder = scratch / "drop"
    folder.mkdir()
    source, _created = WireSource.objects.get_or_create(
        name="bench drop folder", defaults={"agency": agency, "kind": "folder", "folder": str(folder)}
    )
    source.folder = str(folder)
    rows = []
    for label, version in [("new", "1"), ("updated", "2"), ("repeated", "2")]:
        write_files(folder, args.items, args.per_file, version)
        rows.append((label, *run(source)))
    print_table(rows, args)


def write_files(folder, items, per_file, version):
    old = time.time() - 60  # settled: older than the drop folder's wait for growing files
    for start in range(0, items, per_file):
        batch = [story(n, version) for n in range(start, min(start + per_file, items))]
        path = folder / f"batch-{version}-{start:07d}.json"
        path.write_text(json.dumps(batch, ensure_ascii=False))
        os.utime(path, (old, old))


def story(n, version):
    return {
        "uri": f"urn:bench:wire:{n}",
        "type": "text",
        "version": version,
        "versionCreated": f"2026-03-01T10:00:0{version}Z",
        "language": ("en", "ar", "es")[n % 3],
        "headlines": [{"value": f"Bench story {n}, version {version}"}],
        "bodies": [{"contentType": "text/html", "value": f"<p>Paragraph one of story {n}.</p><p>Paragraph two.</p>"}],
        "by": f"Reporter {n % 50}",
        "located": "Cairo",
        "subjects": [{"name": f"Topic {n % 40}"}, {"name": "Economy"}, {"name": f"Region {n % 7}"}],
    }


def run(source):
    from wire.sources import run_source

    started = time.perf_counter()
    result = run_source(source)
    seconds = time.perf_counter() - started
    items = result.created + result.updated + result.unchanged + result.ignored + result.rejected
    assert result.rejected == 0, result.problems[:3]
    return items, result.files, seconds


def print_table(rows, args):
    from django.db import connection

    print(f"Wire ingest from a drop folder ({connection.vendor}; {args.items} items, {args.per_file} per file)\n")
    print("| pass | items | files | seconds | items/minute | ms per item |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, items, files, seconds in rows:
        rate, each = items / seconds * 60, seconds / items * 1000
        print(f"| {label} | {items} | {files} | {seconds:.1f} | {rate:,.0f} | {each:.2f} |")
    new_rate = rows[0][1] / rows[0][3] * 60
    verdict = "met" if new_rate >= TARGET_PER_MINUTE else "NOT met"
    print(f"\nTarget {TARGET_PER_MINUTE:,} new items a minute: {verdict} ({new_rate:,.0f}).")


if __name__ == "__main__":
    main()
