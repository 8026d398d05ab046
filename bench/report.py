"""Turn the benchmark's JSON lines into one table, with the targets checked."""

import json
import sys

P95_TARGET_MS = 50
DESK_P95_TARGET_MS = 300  # the desk's pages (an editor's article list), logged in, never cached
FLAT_MEMORY_SHARE = 0.05
ARTICLE_QUERY_TARGET = 8  # the article page on a page-cache miss
DJANGO_CEILING = "django-minimal"  # bench/minimal.py: one view, no middleware, no database
STATIC_CEILING = "nginx-static"  # Debian's nginx serving the same bytes as a file
STATIC_TLS_CEILING = "nginx-static-tls"  # the same over TLS, as the production configuration serves pages
# Each row against its ceiling: (what, mode, page, ceiling, least share of the ceiling or None),
# the row measured at the ceiling's number of connections. The cache of "on" is the row's own
# (Redis when the run had one).
AGAINST_CEILINGS = [
    ("article, page-cache miss", "off", "article", DJANGO_CEILING, 0.065),
    ("article, page-cache hit", "on", "article", DJANGO_CEILING, 0.8),
    ("article, page-cache hit, a Redis round trip each", "roundtrip", "article", DJANGO_CEILING, None),
    ("article, page-cache hit", "disk", "article", DJANGO_CEILING, None),
    ("article, page-cache hit", "database", "article", DJANGO_CEILING, None),
    ("bare view through the site's middleware", "on", "bare", DJANGO_CEILING, None),
    # Through the caching proxy in front of gunicorn, over HTTPS: a row its own part of bench/run adds
    # (mode "proxy"), judged against nginx's static file over the same transport.
    ("article through the proxy", "proxy", "article", STATIC_TLS_CEILING, 0.5),
    ("article through the proxy", "proxy", "article", STATIC_CEILING, None),
    ("minimal Django project", "ceiling", DJANGO_CEILING, STATIC_CEILING, None),
]


def slowest_line(rows, target_ms, pages, condition=""):
    """The verdict on ``rows``' p95 against ``target_ms``, naming the slowest of them."""
    worst = max(rows, key=lambda row: row["p95_ms"])
    verdict = "met" if worst["p95_ms"] < target_ms else "NOT met"
    return (
        f"- {pages} < {target_ms} ms p95{condition}: **{verdict}** "
        f"(slowest: {worst['name']}, {worst['p95_ms']:.1f} ms, at {worst['connections']} connections)"
    )


def is_desk(row):
    return row["name"].startswith("desk-")


def cache_label(row):
    """The page cache setting and, when it is on, where it keeps its pages."""
    if row["mode"] in ("off", "ceiling") or not row.get("cache"):
        return row["mode"]
    if row["mode"] == "roundtrip":  # Redis's reports of changes not used (NEWSROOM_PAGE_CACHE_WATCH=0)
        return f"on ({row['cache']}, unwatched)"
    return f"on ({row['cache']})"


def ceiling_lines(by_key):
    """Each figure beside its ceiling, measured in the same run, with the share it reaches and the target."""
    if not any(key[0] == "ceiling" for key in by_key):
        return []
    lines = [
        "",
        "| against its ceiling | cache | req/s | ceiling | ceiling req/s | share | target | verdict |",
        "|---|---|---:|---|---:|---:|---:|---|",
    ]
    queries = by_key.get(("queries", "article"))
    for what, mode, name, ceiling_name, target in AGAINST_CEILINGS:
        ceiling = by_key.get(("ceiling", ceiling_name))
        row = ceiling and by_key.get((mode, name, ceiling["connections"]))
        wanted = f">= {target}" if target is not None else ""
        if row is None or ceiling is None:
            if target is not None:
                lines.append(f"| {what} | {mode} | | {ceiling_name} | | | {wanted} | not measured in this run |")
            continue
        share = row["rps"] / ceiling["rps"]
        verdict = "" if target is None else ("met" if share >= target else "NOT met")
        if (mode, name) == ("off", "article") and queries:
            wanted += f", <= {ARTICLE_QUERY_TARGET} queries"
            verdict += (
                f" ({queries['queries']} queries: {'met' if queries['queries'] <= ARTICLE_QUERY_TARGET else 'NOT met'})"
            )
        lines.append(
            f"| {what} | {cache_label(row)} | {row['rps']:.0f} | {ceiling_name} | {ceiling['rps']:.0f} "
            f"| {share:.3f} | {wanted} | {verdict.strip()} |"
        )
    return lines


def main(path, title):
    with open(path) as file:
        rows = [json.loads(line) for line in file if line.strip()]
    # A row by mode and name, and by mode, name and connections (a page measured at two loads).
    by_key = {
        key: row
        for row in rows
        for key in ((row["mode"], row["name"]), (row["mode"], row["name"], row.get("connections")))
    }
    lines = [
        f"### {title}",
        "",
        "| page | cache | connections | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        if row["mode"] in ("soak", "queries"):
            continue
        lines.append(
            f"| {row['name']} | {cache_label(row)} | {row.get('connections', '')} | {row['rps']:.0f} "
            f"| {row['p50_ms']:.1f} | {row['p95_ms']:.1f} "
            f"| {row['p99_ms']:.1f} | {row['errors']} |"
        )
    lines.append("")
    # The time a page takes: each page at the fewest connections it was measured at (not a queue).
    fewest = {}
    for row in sorted(rows, key=lambda row: -row.get("connections", 0)):
        if row["mode"] == "off" and row["name"] != "bare" and not is_desk(row):
            fewest[row["name"]] = row
    cold = list(fewest.values())
    desk = [row for row in rows if row["mode"] == "off" and is_desk(row)]
    if desk:
        lines.append(slowest_line(desk, DESK_P95_TARGET_MS, "Every desk page"))
    if cold:
        lines.append(slowest_line(cold, P95_TARGET_MS, "Every page", " with the cache off"))
    lines.extend(ceiling_lines(by_key))
    for row in (row for row in rows if row["mode"] == "soak"):
        rss = row["rss_mb"]  # mean per worker, every 10 s from the end of the warm-up
        # Flat: the last minute's mean within 5% of the first minute's (six samples a minute).
        minutes = [sum(rss[start : start + 6]) / len(rss[start : start + 6]) for start in range(0, len(rss), 6)]
        if len(rss) < 12:
            verdict = "too short to judge"
        else:
            verdict = "met" if minutes[-1] <= minutes[0] * (1 + FLAT_MEMORY_SHARE) else "NOT met"
        lines.append(
            f"- Memory per worker flat over a {row['seconds']:.0f} s mixed uncached run "
            f"({row['requests']} requests, {row['errors']} errors, no recycling, {row['workers']} workers): "
            f"**{verdict}** (mean RSS MB each minute: {', '.join(f'{mean:.1f}' for mean in minutes)}; "
            f"highest sample {max(rss):.1f})"
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
