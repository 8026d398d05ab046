#!/usr/bin/env bash
# Soak test: gunicorn on PostgreSQL + Redis under wrk for five minutes with 64 connections,
# with Redis stopped and started again half way, while an editor publishes a story every 30 s
# (bench/soak_editor.py). It passes only with zero errors (no failed connection, no timeout, no
# 5xx, no traceback in the server log) and with the page cache's targets met: at least 95% of
# the cacheable answers are hits, and every story shows on the front page and its section page
# less than a second after its publish committed.
#
#   make soak                         # the full run
#   SOAK_SECONDS=60 bench/soak.sh     # a shorter one
#
# Settings (environment):
#   SOAK_SECONDS       length of the run (default 300)
#   CONNECTIONS        wrk connections (default 64); THREADS wrk threads (default 4)
#   SOAK_DATABASE_URL  PostgreSQL database served (default: "soak" on 127.0.0.1, created and
#                      filled with the demo content when missing). Never point it at data you keep.
#   SOAK_REDIS_URL     cache (default redis://127.0.0.1:6379/14)
#   REDIS_RESTART_AT   seconds into the run at which Redis is shut down (default: half way; 0: never)
#   REDIS_OUTAGE       seconds Redis stays down (default 3)
#   REDIS_START        command that starts Redis again (default: the CI's redis-server line below)
#   WEB_CONCURRENCY    gunicorn workers (default from newsroom/gunicorn.conf.py)
#   SOAK_PUBLISH_EVERY seconds between two publishes (default 30; 0: no editor)
#   SOAK_PROXY         1: readers and the editor's polls go through nginx with the production
#                      configuration (deploy/nginx/, bench/proxy.py, HTTPS) in front of gunicorn; a
#                      request is a hit unless gunicorn built its page, and publish-to-visible may
#                      take up to 2 s (nginx keeps a copy s-maxage, a second, and refreshes it)
# Writes the figures to bench/results/soak-<time>.json and prints them.
set -euo pipefail
cd "$(dirname "$0")/.."
SOAK_SECONDS=${SOAK_SECONDS:-300}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-4}
REDIS_RESTART_AT=${REDIS_RESTART_AT:-$((SOAK_SECONDS / 2))}
REDIS_OUTAGE=${REDIS_OUTAGE:-3}
REDIS_START=${REDIS_START:-redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log}
PORT=${SOAK_PORT:-8766}
SOAK_PUBLISH_EVERY=${SOAK_PUBLISH_EVERY:-30}
SOAK_PROXY=${SOAK_PROXY:-0}
HIT_RATIO_TARGET=0.95
VISIBLE_TARGET_S=$([ "$SOAK_PROXY" = 1 ] && echo 2 || echo 1)
RESULTS=bench/results
mkdir -p "$RESULTS"
work=$(mktemp -d)

if [ -z "${SOAK_DATABASE_URL:-}" ]; then
  psql -h 127.0.0.1 -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'soak'" postgres | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE soak" postgres >/dev/null
  SOAK_DATABASE_URL=postgres://postgres@127.0.0.1:5432/soak
fi
export DATABASE_URL=$SOAK_DATABASE_URL
export REDIS_URL=${SOAK_REDIS_URL:-redis://127.0.0.1:6379/14}
export MEDIA_ROOT=${SOAK_MEDIA_ROOT:-$PWD/bench/soak-media}
export CACHE_KEY_PREFIX=soak DEBUG=0 LOG_LEVEL=WARNING

echo "== soak: ${SOAK_SECONDS}s, $CONNECTIONS connections, database ${DATABASE_URL%%@*}@…, cache $REDIS_URL"
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py seed_demo --if-empty -v0
.venv/bin/python manage.py collectstatic --noinput -v0

# A mix of what readers and apps ask for: pages in every edition, feeds, search, API, ticker.
WRK_PATHS=$(.venv/bin/python - <<'PY'
import os
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()
from django.utils.translation import override
from articles.models import Article
paths = ["/healthz", "/api/v1/articles/?edition=en", "/api/v1/breaking/", "/en/search/?q=talks"]
for edition in ("en", "ar", "es"):
    paths += [f"/{edition}/", f"/{edition}/breaking.json", f"/{edition}/feeds/rss.xml"]
    for article in Article.objects.public().in_edition(edition).select_related("section").latest()[:8]:
        with override(edition):
            paths.append(article.get_absolute_url())
        paths.append(f"/{edition}/{article.section.slug}/")
        paths.append(f"/api/v1/articles/{article.pk}/")
print("|".join(dict.fromkeys(paths)))
PY
)
export WRK_PATHS
echo "== $(echo "$WRK_PATHS" | tr '|' '\n' | wc -l) addresses"

server_pid="" monitor_pid="" editor_pid="" proxy_pid=""
cleanup() {
  [ -n "$monitor_pid" ] && kill "$monitor_pid" 2>/dev/null || true
  [ -n "$editor_pid" ] && kill "$editor_pid" 2>/dev/null || true
  if [ -n "$proxy_pid" ]; then kill "$proxy_pid" 2>/dev/null || true; wait "$proxy_pid" 2>/dev/null || true; fi
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  redis-cli -p 6379 ping >/dev/null 2>&1 || eval "$REDIS_START"
  rm -rf "$work"
}
trap cleanup EXIT

BIND=127.0.0.1:$PORT .venv/bin/gunicorn -c newsroom/gunicorn.conf.py newsroom.wsgi \
  --access-logfile "$work/access.log" --access-logformat '%(s)s %(M)s %(U)s %({x-page-cache}o)s' 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  sleep 0.2
done

# Where readers and the editor go: gunicorn itself, or nginx in front of it.
origin=http://127.0.0.1:$PORT
if [ "$SOAK_PROXY" = 1 ]; then
  .venv/bin/python -m bench.proxy "$work/proxy" $((PORT + 1)) $((PORT + 2)) "127.0.0.1:$PORT" 2>>"$work/server.log" &
  proxy_pid=$!
  origin=https://127.0.0.1:$((PORT + 2))
  for _ in $(seq 100); do
    curl -kfs -o /dev/null "$origin/healthz" && break
    sleep 0.2
  done
fi

# The health check, four times a second, for the timeline of the outage.
( while true; do
    printf '%s %s\n' "$(date +%s.%N | cut -c1-14)" \
      "$(curl -s -m 15 -w ' %{http_code}' "http://127.0.0.1:$PORT/healthz" || echo 'no-answer 000')"
    sleep 0.25
  done ) >"$work/health.log" &
monitor_pid=$!

started=$(date +%s)
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SOAK_SECONDS}s" --timeout 10s -s bench/soak.lua "$origin" >"$work/wrk.out" &
wrk_pid=$!
touch "$work/publishes.jsonl"
if [ "$SOAK_PUBLISH_EVERY" != 0 ]; then
  .venv/bin/python -m bench.soak_editor "$origin" "$SOAK_SECONDS" "$SOAK_PUBLISH_EVERY" \
    "$work/publishes.jsonl" 2>>"$work/server.log" &
  editor_pid=$!
fi

outage_start="" outage_end=""
if [ "$REDIS_RESTART_AT" -gt 0 ]; then
  sleep "$REDIS_RESTART_AT"
  outage_start=$(date +%s.%N | cut -c1-14)
  redis-cli -p 6379 shutdown nosave >/dev/null 2>&1 || true
  echo "== Redis stopped at +$((${outage_start%.*} - started))s"
  sleep "$REDIS_OUTAGE"
  eval "$REDIS_START"
  until redis-cli -p 6379 ping >/dev/null 2>&1; do sleep 0.1; done
  outage_end=$(date +%s.%N | cut -c1-14)
  echo "== Redis back after $(echo "$outage_end - $outage_start" | bc)s"
fi
wait "$wrk_pid"
[ -n "$editor_pid" ] && { wait "$editor_pid" || echo "== the editor stopped with an error (see the server log)"; }
editor_pid=""
sleep 1
kill "$monitor_pid" 2>/dev/null || true
monitor_pid=""

summary=$(grep '^{' "$work/wrk.out" | tail -1)
server_errors=$(awk '$1 >= 500' "$work/access.log" | wc -l)
tracebacks=$(grep -c Traceback "$work/server.log" || true)
cache_warnings=$(grep -c "Cache unavailable" "$work/server.log" || true)
degraded=$(grep -c '"degraded"' "$work/health.log" || true)
health_failures=$(grep -vc ' 200$' "$work/health.log" || true)
recovered_at=""
if [ -n "$outage_end" ]; then
  recovered_at=$(awk -v end="$outage_end" '$1 > end && /"status": "ok"/ {print $1; exit}' "$work/health.log")
fi
# The page cache: hits among cacheable answers; publish-to-visible of each story (front page, section page).
# A page shown from the cache while one worker rebuilds it ("stale") is a hit, and counted apart too.
if [ "$SOAK_PROXY" = 1 ]; then
  # Through nginx: every reader request but /healthz is cacheable; it is a hit unless gunicorn built its page.
  readers=$(grep -c '"GET /' "$work/proxy/access.log" || true)
  health=$(grep -c '"GET /healthz' "$work/proxy/access.log" || true)
  # At gunicorn: nginx's refreshes (304 when unchanged, the page cache's hit or miss otherwise) and /healthz.
  cache_figures=$(awk -v total=$((readers - health)) '$3 != "/healthz" {g++} $4 == "miss" {m++} END {printf "\"reader_requests\": %d, \"reached_gunicorn\": %d, \"pages_built\": %d, \"hit_ratio\": %.4f", total, g, m, total ? 1 - m / total : 0}' "$work/access.log")
else
  cache_figures=$(awk '$4 == "hit" {h++} $4 == "stale" {h++; s++} $4 == "miss" {m++} END {printf "\"hits\": %d, \"of_them_stale\": %d, \"misses\": %d, \"hit_ratio\": %.4f", h, s, m, (h + m) ? h / (h + m) : 0}' "$work/access.log")
fi
publish_figures=$(.venv/bin/python - "$work/publishes.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
times = [row[kind] for row in rows for kind in ("front_s", "section_s")]
seen = sorted(t for t in times if t is not None)
print(json.dumps({
    "publishes": len(rows),
    "never_visible": len(times) - len(seen),
    "p50_s": round(statistics.median(seen), 3) if seen else None,
    "max_s": round(max(seen), 3) if seen else None,
    "each": [[row["front_s"], row["section_s"]] for row in rows],
}))
PY
)
statuses=$(awk '{print $1}' "$work/access.log" | sort | uniq -c | awk '{printf "%s\"%s\": %s", (NR>1?", ":""), $2, $1}')
stamp=$(date -u +%Y%m%dT%H%M%SZ)
result=$(printf '{"when": "%s", "through_proxy": %s, "seconds": %s, "connections": %s, "workers": "%s", "wrk": %s, "statuses": {%s}, "server_5xx": %s, "tracebacks": %s, "cache_unavailable_warnings": %s, "health_degraded_polls": %s, "health_non_200_polls": %s, "redis_outage_seconds": "%s", "health_ok_again_after_redis_back_s": "%s", "redis_restart_at": %s, "page_cache": {%s}, "publish_every_s": %s, "publish_to_visible": %s}' \
  "$stamp" "$([ "$SOAK_PROXY" = 1 ] && echo true || echo false)" "$SOAK_SECONDS" "$CONNECTIONS" "${WEB_CONCURRENCY:-default}" "$summary" "$statuses" "$server_errors" \
  "$tracebacks" "$cache_warnings" "$degraded" "$health_failures" \
  "$([ -n "$outage_end" ] && echo "$outage_end - $outage_start" | bc)" \
  "$([ -n "$recovered_at" ] && echo "$recovered_at - $outage_end" | bc)" "$REDIS_RESTART_AT" "$cache_figures" \
  "$SOAK_PUBLISH_EVERY" "$publish_figures")
echo "$result" | tee "$RESULTS/soak-$stamp.json"
cp "$work/health.log" "$RESULTS/soak-$stamp-health.log"

errors=$(echo "$summary" | .venv/bin/python -c 'import json,sys; s=json.load(sys.stdin); print(s["connect_errors"]+s["read_errors"]+s["write_errors"]+s["timeouts"]+s["non_2xx_3xx"])')
if [ "$errors" -ne 0 ] || [ "$server_errors" -ne 0 ] || [ "$tracebacks" -ne 0 ]; then
  echo "== FAILED: $errors client errors, $server_errors server errors, $tracebacks tracebacks"
  tail -50 "$work/server.log"
  exit 1
fi
targets=$(.venv/bin/python - "$result" "$HIT_RATIO_TARGET" "$VISIBLE_TARGET_S" <<'PY'
import json, sys
result, ratio, visible = json.loads(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
late = result["publish_to_visible"]
missed = []
if result["page_cache"]["hit_ratio"] < ratio:
    missed.append(f"hit ratio {result['page_cache']['hit_ratio']:.2%} < {ratio:.0%}")
if late["never_visible"] or (late["max_s"] is not None and late["max_s"] >= visible):
    missed.append(f"publish-to-visible max {late['max_s']} s ({late['never_visible']} never seen), target < {visible} s")
print("; ".join(missed))
PY
)
if [ -n "$targets" ]; then
  echo "== FAILED: $targets"
  exit 1
fi
echo "== passed: zero errors, page cache targets met"
