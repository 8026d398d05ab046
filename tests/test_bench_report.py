"""The benchmark's report divides each figure by its ceiling from the same run and judges the targets."""

import json

from bench import report


def row(mode, name, rps, cache="", connections=16, p95_ms=2.0):
    return {
        "mode": mode,
        "name": name,
        "path": "/",
        "rps": rps,
        "p50_ms": 1.0,
        "p95_ms": p95_ms,
        "p99_ms": 3.0,
        "errors": 0,
        "connections": connections,
        "cache": cache,
    }


def lines_for(rows, tmp_path, capsys):
    path = tmp_path / "run.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in rows))
    report.main(str(path), "a run")
    return capsys.readouterr().out.splitlines()


def test_each_row_is_shown_against_its_ceiling_with_the_target_judged(tmp_path, capsys):
    rows = [
        {"mode": "queries", "name": "article", "path": "/en/x/", "queries": 8},
        row("off", "article", 500, "redis"),
        row("on", "article", 7000, "redis"),
        row("disk", "article", 6000, "disk"),
        row("ceiling", "django-minimal", 10000),
        row("ceiling", "nginx-static", 80000),
    ]
    lines = lines_for(rows, tmp_path, capsys)
    miss = next(line for line in lines if line.startswith("| article, page-cache miss |"))
    assert "| 0.050 |" in miss and "NOT met (8 queries: met)" in miss
    hit = next(line for line in lines if line.startswith("| article, page-cache hit | on (redis) |"))
    assert "| 0.700 | >= 0.8 | NOT met |" in hit
    assert any(line.startswith("| article, page-cache hit | on (disk) | 6000 |") for line in lines)
    proxy = next(line for line in lines if line.startswith("| article through the proxy |"))
    assert "not measured in this run" in proxy
    assert any(line.startswith("| minimal Django project | ceiling | 10000 | nginx-static |") for line in lines)


def test_a_run_without_ceilings_prints_no_ceiling_table(tmp_path, capsys):
    lines = lines_for([row("off", "article", 500, "redis")], tmp_path, capsys)
    assert not any(line.startswith("| against its ceiling") for line in lines)


def test_a_row_is_divided_by_a_ceiling_measured_at_the_same_load(tmp_path, capsys):
    rows = [
        row("off", "article", 90, "redis", connections=2, p95_ms=30.0),  # the time a page takes
        row("off", "article", 300, "redis", p95_ms=80.0),  # at the ceiling's 16 connections
        row("ceiling", "django-minimal", 4000),
    ]
    lines = lines_for(rows, tmp_path, capsys)
    miss = next(line for line in lines if line.startswith("| article, page-cache miss |"))
    assert "| 300 | django-minimal | 4000 | 0.075 | >= 0.065 | met |" in miss
    # The cold pages' latency is judged at the fewest connections, not where requests queue.
    assert any(
        line.startswith("- Every page < 50 ms p95 with the cache off: **met** (slowest: article, 30.0")
        for line in lines
    )


def test_the_proxy_is_judged_against_nginx_over_the_same_transport(tmp_path, capsys):
    rows = [
        row("proxy", "article", 12000, "redis"),
        row("ceiling", "nginx-static", 40000),
        row("ceiling", "nginx-static-tls", 20000),
    ]
    lines = lines_for(rows, tmp_path, capsys)
    proxy = [line for line in lines if line.startswith("| article through the proxy |")]
    assert "| nginx-static-tls | 20000 | 0.600 | >= 0.5 | met |" in proxy[0]
    assert "| nginx-static | 40000 | 0.300 |  |  |" in proxy[1]  # shown beside it, not judged
