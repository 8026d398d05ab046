"""Turn the benchmark's JSON lines into one table, with the targets checked."""

import json
import sys

P95_TARGET_MS = 50
CEILING_SHARE = 0.8
FLAT_MEMORY_SHARE = 0.05


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
            f"| {row['name']} | {row['mode']} | {row.get('connections', '')} | {row['rps']:.0f} "
            f"| {row['p50_ms']:.1f} | {row['p95_ms']:.1f} "
            f"| {row['p99_ms']:.1f} | {row['errors']} |"
        )
    lines.append("")
    cold = [row for row in rows if row["mode"] == "off" and row["name"] != "bare"]
    if cold:
        worst = max(cold, key=lambda row: row["p95_ms"])
        verdict = "met" if worst["p95_ms"] < P95_TARGET_MS else "NOT met"
        lines.append(
            f"- Every page < {P95_TARGET_MS} ms p95 with the cache off: **{verdict}** "
            f"(slowest: {worst['name']}, {worst['p95_ms']:.1f} ms, at {worst['connections']} connections)"
        )
    article, bare = by_key.get(("on", "article")), by_key.get(("on", "bare"))
    if article and bare:
        share = article["rps"] / bare["rps"]
        verdict = "met" if share >= CEILING_SHARE else "NOT met"
        lines.append(
            f"- Cached article page at >= {CEILING_SHARE:.0%} of the bare-view ceiling: **{verdict}** "
            f"({article['rps']:.0f} vs {bare['rps']:.0f} req/s, {share:.0%})"
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
