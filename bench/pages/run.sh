#!/usr/bin/env bash
# Page benchmark: cached against uncached anonymous pages under the production server.
#
#   bench/pages/run.sh
#
# Generates the large city into $BENCH_VAR_DIR (default /tmp/parentschool-bench-pages) unless
# it is already there (BENCH_REGENERATE=1 starts again), starts Redis and two web servers
# on 127.0.0.1 — one with the anonymous page cache, one with PAGE_CACHE_SECONDS=0 — warms
# them up, runs `wrk -t2 -c16 -d15s --latency` against home, catalogue, a course and a lesson on
# each, prints a markdown table and writes it with the machine description to
# bench/pages/RESULTS.md. Everything it started is stopped on exit, failure or Ctrl+C.
#
# Knobs (environment): BENCH_VAR_DIR, BENCH_REGENERATE=1, BENCH_DURATION (15s),
# BENCH_CONNECTIONS (16), BENCH_THREADS (2), BENCH_SCHOOLS (50), BENCH_COURSES (2000),
# BENCH_LESSONS (20000), BENCH_GENERATE_ARGS ("--compare 30"), BENCH_SKIP_COLLECTSTATIC=1 (reuse $BENCH_VAR_DIR/static), WEB_CONCURRENCY / WEB_THREADS (site/serve.py defaults).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY="$ROOT/.venv/bin/python"
VAR="${BENCH_VAR_DIR:-${TMPDIR:-/tmp}/parentschool-bench-pages}"
DURATION="${BENCH_DURATION:-15s}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
THREADS="${BENCH_THREADS:-2}"
LOGS="$VAR/logs"
OUT="$VAR/wrk"

for tool in wrk redis-server redis-cli curl; do
  command -v "$tool" >/dev/null || { echo "$tool is required (apt-get install -y wrk redis-server curl)"; exit 1; }
done
[ -x "$PY" ] || { echo "no virtualenv at $ROOT/.venv: run 'make setup' first"; exit 1; }

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

PIDS=()
REDIS_PORT=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  # Server main processes and their workers: a worker stuck in a long SQLite query only dies
  # by SIGKILL, so stop the main processes (TERM, quick), then kill whatever of them is left.
  local workers=()
  for pid in "${PIDS[@]}"; do
    mapfile -t -O "${#workers[@]}" workers < <(pgrep -P "$pid" || true)
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 25); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  done
  for pid in "${PIDS[@]}" "${workers[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ -n "$REDIS_PORT" ]; then
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  fi
  [ $rc -eq 0 ] || echo "bench/pages/run.sh failed (exit $rc); logs in $LOGS" >&2
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$VAR" "$LOGS" "$OUT"
rm -f "$OUT"/*.txt
LOAD_BEFORE="$(uptime)"
echo "load before: $LOAD_BEFORE"

export DJANGO_SETTINGS_MODULE=parentschool.settings.production
export SECRET_KEY="${SECRET_KEY:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')}"
export SECURE_SSL_REDIRECT=false
export ALLOWED_HOSTS=127.0.0.1,localhost
export PARENTSCHOOL_VAR_DIR="$VAR"

# --- Redis (the realistic shared cache) -----------------------------------------------
REDIS_PORT="$(free_port)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
  --daemonize yes --pidfile "$VAR/redis.pid" --logfile "$LOGS/redis.log" --dir "$VAR"
for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"

# --- Data -----------------------------------------------------------------------------
cd "$ROOT"
GENERATION="(reused the city already generated in $VAR)"
if [ "${BENCH_REGENERATE:-0}" = 1 ]; then
  rm -f "$VAR"/parentschool.sqlite3*
fi
"$PY" manage.py migrate --no-input -v0
if ! "$PY" -c "
import django; django.setup()
from courses.models import CoursePage
raise SystemExit(0 if CoursePage.objects.exists() else 1)" 2>/dev/null; then
  echo "generating the city into $VAR ..."
  start=$(date +%s%N)
  "$PY" bench/pages/generate.py --schools "${BENCH_SCHOOLS:-50}" --courses "${BENCH_COURSES:-2000}" \
    --lessons "${BENCH_LESSONS:-20000}" ${BENCH_GENERATE_ARGS:---compare 30} \
    2>"$LOGS/generate.err" | tee "$LOGS/generate.txt"
  echo "generate.py took $(( ($(date +%s%N) - start) / 1000000000 )) s wall (Python and Django start-up included), load before: $LOAD_BEFORE" >"$LOGS/generation-wall.txt"
  GENERATION="$(cat "$LOGS/generation-wall.txt")"
elif [ -f "$LOGS/generation-wall.txt" ]; then
  GENERATION="Reused the city generated earlier in $VAR: $(cat "$LOGS/generation-wall.txt")"
fi
if [ "${BENCH_SKIP_COLLECTSTATIC:-0}" = 1 ] && [ -f "$VAR/static/staticfiles.json" ]; then
  echo "BENCH_SKIP_COLLECTSTATIC=1: reusing the static files collected earlier in $VAR/static"
else
  "$PY" manage.py collectstatic --no-input -v0
fi
mapfile -t URLS < <("$PY" bench/pages/generate.py --urls)
echo "pages: ${URLS[*]}"

# --- Servers --------------------------------------------------------------------------
PORT_CACHED="$(free_port)"
PORT_UNCACHED="$(free_port)"
WEB_BIND="127.0.0.1:$PORT_CACHED" PAGE_CACHE_SECONDS=600 WEB_ACCESS_LOG=0 \
  "$PY" -m parentschool.serve >"$LOGS/web-cached.log" 2>&1 &
PIDS+=($!)
WEB_BIND="127.0.0.1:$PORT_UNCACHED" PAGE_CACHE_SECONDS=0 WEB_ACCESS_LOG=0 \
  "$PY" -m parentschool.serve >"$LOGS/web-uncached.log" 2>&1 &
PIDS+=($!)

wait_up() {
  local port=$1
  for _ in $(seq 120); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/zh-hans/"; then return 0; fi
    sleep 0.5
  done
  echo "server on port $port did not come up; see $LOGS" >&2
  return 1
}
wait_up "$PORT_CACHED"
wait_up "$PORT_UNCACHED"

# --- Warm-up and sanity checks --------------------------------------------------------
# The first request of each page on the cached server renders it and stores it (a miss); its
# time is one uncached render on an otherwise idle server, written to first-render.txt.
header() { curl -s -D - -o /dev/null --max-time "$2" "$1" | tr -d '\r' | awk -F': ' -v h="$3" 'tolower($1)==h{print $2}'; }
: >"$OUT/first-render.txt"
for line in "${URLS[@]}"; do
  name="${line%% *}"
  path="${line#* }"
  echo "first render of $path ..."
  result=$(curl -s -o /dev/null --max-time "${BENCH_FIRST_RENDER_MAX:-600}" \
    -w '%{http_code} %{time_total}' "http://127.0.0.1:$PORT_CACHED$path" || true)
  echo "$name $result" | tee -a "$OUT/first-render.txt"
  [ "${result%% *}" = 200 ] || { echo "GET $path answered '${result}'" >&2; exit 1; }
  hit=$(header "http://127.0.0.1:$PORT_CACHED$path" 10 x-page-cache)
  [ "$hit" = hit ] || { echo "$path is not served from the page cache (X-Page-Cache: '${hit}')" >&2; exit 1; }
  # A short burst so every worker process has imported, connected and served it once.
  wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "http://127.0.0.1:$PORT_CACHED$path" >/dev/null
  # The uncached server: one request with a bounded wait, then a burst unless it is too slow
  # for one (the catalogue can take minutes: see first-render.txt).
  seconds="${result#* }"
  if awk -v s="$seconds" 'BEGIN{exit !(s < 5)}'; then
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 "http://127.0.0.1:$PORT_UNCACHED$path")
    [ "$status" = 200 ] || { echo "GET $path on the uncached server answered $status" >&2; exit 1; }
    miss=$(header "http://127.0.0.1:$PORT_UNCACHED$path" 60 x-page-cache)
    [ -z "$miss" ] || { echo "$path: uncached server still caches (X-Page-Cache: $miss)" >&2; exit 1; }
    wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "http://127.0.0.1:$PORT_UNCACHED$path" >/dev/null
  fi
done

# --- Measure --------------------------------------------------------------------------
# Slowest page last: an uncached catalogue run leaves requests running after wrk stops.
mapfile -t URLS < <(printf '%s\n' "${URLS[@]}" | grep -v '^catalogue '; printf '%s\n' "${URLS[@]}" | grep '^catalogue ')
for line in "${URLS[@]}"; do
  name="${line%% *}"
  path="${line#* }"
  for mode in cached uncached; do
    port=$PORT_CACHED
    [ "$mode" = uncached ] && port=$PORT_UNCACHED
    echo "wrk $mode $path"
    load=$(cut -d' ' -f1 /proc/loadavg)
    boots_before=$(grep -c "Spawning worker" "$LOGS/web-$mode.log" || true)
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency \
      "http://127.0.0.1:$port$path" >"$OUT/$name-$mode.txt"
    boots_after=$(grep -c "Spawning worker" "$LOGS/web-$mode.log" || true)
    echo "worker restarts: $((boots_after - boots_before))" >>"$OUT/$name-$mode.txt"
    echo "path: $path" >>"$OUT/$name-$mode.txt"
    echo "load: $load" >>"$OUT/$name-$mode.txt"
  done
done

LOAD_AFTER="$(uptime)"
echo "load after: $LOAD_AFTER"
"$PY" "$HERE/report.py" --wrk-dir "$OUT" --load-before "$LOAD_BEFORE" --load-after "$LOAD_AFTER" \
  --generation "$GENERATION" --generate-log "$LOGS/generate.txt" --first-render "$OUT/first-render.txt" \
  --command "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency" --output "$HERE/RESULTS.md"
