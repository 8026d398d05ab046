"""The backup benchmark's table (``bench/backup``), with the targets judged at 1,000,000 articles."""

import json
import sys
from pathlib import Path

BACKUP_TARGET_S = 5 * 60
RESTORE_TARGET_S = 10 * 60
TARGET_ARTICLES = 1_000_000


def judged(seconds, target, articles):
    if articles < TARGET_ARTICLES:
        return f"(the target, {target // 60} min, is for {TARGET_ARTICLES:,} articles)"
    return "met" if seconds < target else "MISSED"


def main(articles, size, backup_s, backup_size, restore_s, comparison, manifest_path):
    articles, backup_s, restore_s = int(articles), float(backup_s), float(restore_s)
    manifest = json.loads(Path(manifest_path).read_text())
    pages = json.loads(comparison)
    rows = sum(manifest["inventory"]["counts"].values())
    same = pages["addresses"] - len(pages["differ"])
    lines = [
        f"### Backup and restore, PostgreSQL {manifest['engine']['server']}, {articles:,} articles ({size})",
        "",
        "| step | seconds | target |",
        "|---|---:|---|",
        f"| `manage.py backup` (pg_dump -Fd -j, {rows:,} rows, {backup_size}) | {backup_s:.1f} "
        f"| {judged(backup_s, BACKUP_TARGET_S, articles)} |",
        f"| `manage.py restore` into an empty database (pg_restore -j, ANALYZE) | {restore_s:.1f} "
        f"| {judged(restore_s, RESTORE_TARGET_S, articles)} |",
        "",
        f"- Pages compared: {pages['addresses']}; byte-identical (CSP nonce blanked): {same}"
        + (f"; DIFFERENT: {', '.join(pages['differ'][:10])}" if pages["differ"] else "")
        + (f"; not 200 on both: {', '.join(pages['not_200'][:10])}" if pages["not_200"] else ""),
        f"- Of the backup, the database took {manifest['database_seconds']} s; media: {manifest['media']}",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main(*sys.argv[1:])
