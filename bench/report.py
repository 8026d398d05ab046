"""Turn the benchmark's JSON lines into one table, with the targets checked."""

import json
import sys

P95_TARGET_MS = 50
DESK_P95_TARGET_MS = 300  # the desk's pages (an editor's article list), logged in, never cached
CEILING_SHARE = 0.8
FLAT_MEMORY_SHARE = 0.05
LABELS = {"article-nginx": "article through the proxy cache (nginx, hot)"}


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


def main(path, title):
    with open(path) as file:
        rows = [json.loads(line) for line in file if line.strip()]
    by_key = {(row["mode"], row["name"]): row for row in rows}
    lines = [
        f"### {title}",
        "",
        "| page | cache | connections | req/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        if row["mode"] == "soak":
            continue
        lines.append(
            f"| {LABELS.get(row['name'], row['name'])} | {row['mode']} | {row.get('connections', '')} "
            f"| {row['rps']:.0f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} "
            f"| {row['p99_ms']:.1f} | {row['errors']} |"
        )
    lines.append("")
    cold = [row for row in rows if row["mode"] == "off" and row["name"] != "bare" and not is_desk(row)]
    desk = [row for row in rows if row["mode"] == "off" and is_desk(row)]
    if desk:
        lines.append(slowest_line(desk, DESK_P95_TARGET_MS, "Every desk page"))
    if cold:
        lines.append(slowest_line(cold, P95_TARGET_MS, "Every page", " with the cache off"))
    article, bare = by_key.get(("on", "article")), by_key.get(("on", "bare"))
    if article and bare:
        share = article["rps"] / bare["rps"]
        verdict = "met" if share >= CEILING_SHARE else "NOT met"
        lines.append(
            f"- Cached article page at >= {CEILING_SHARE:.0%} of the bare-view ceiling: **{verdict}** "
            f"({article['rps']:.0f} vs {bare['rps']:.0f} req/s, {share:.0%})"
        )
    proxied = by_key.get(("on", "article-nginx"))
    if article and proxied:
        lines.append(
            f"- Article through nginx's cache (TLS, hot) against the page cache alone: {proxied['rps']:.0f} vs "
            f"{article['rps']:.0f} req/s ({proxied['rps'] / article['rps']:.1f}x), p95 {proxied['p95_ms']:.1f} vs "
            f"{article['p95_ms']:.1f} ms"
        )
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
