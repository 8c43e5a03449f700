#!/usr/bin/env bash
# Heartbeat benchmark: open-loop beats from simultaneous viewers against the production
# server (python -m parentschool.serve: granian) on 127.0.0.1.
#
#   DATABASE_URL=postgres://… REDIS_URL=redis://… bench/attendance/run.sh
#
# Seeds viewers (bench/attendance/seed.py) into DATABASE_URL (default: SQLite in
# $BENCH_VAR_DIR), starts the web server with production settings, warms it up, then runs
# bench/attendance/load.py: steps of BENCH_STEPS viewers (default 1000,2500,5000 — one beat
# each 10 s, so 100, 250 and 500 requests/s), BENCH_STEP_SECONDS (30) each, of which the
# first 10 s (every viewer's first beat) are sent but not measured; 100 s at most in all.
# Prints one JSON line per step with its latencies and the server's CPU per measured beat by
# process (bench/attendance/cpu.py), and writes them to $BENCH_VAR_DIR/heartbeats.json.
# Everything it started is stopped on exit.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY="$ROOT/.venv/bin/python"
VAR="${BENCH_VAR_DIR:-${TMPDIR:-/tmp}/parentschool-bench-attendance}"
STEPS="${BENCH_STEPS:-1000,2500,5000}"
STEP_SECONDS="${BENCH_STEP_SECONDS:-30}"
WARMUP="${BENCH_WARMUP:-200}"
VIEWERS=$(( WARMUP + ${STEPS//,/+} ))

mkdir -p "$VAR/logs"
export DJANGO_SETTINGS_MODULE=parentschool.settings.production
# One key per bench folder: the seeded sessions are signed with it.
[ -f "$VAR/secret_key" ] || "$PY" -c 'import secrets; print(secrets.token_urlsafe(64))' >"$VAR/secret_key"
export SECRET_KEY="${SECRET_KEY:-$(cat "$VAR/secret_key")}"
export SECURE_SSL_REDIRECT=false
export ALLOWED_HOSTS=127.0.0.1,localhost
export PARENTSCHOOL_VAR_DIR="$VAR"
export LOG_LEVEL=WARNING

WEB_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$WEB_PID" ]; then
    kill -TERM "$WEB_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$WEB_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$WEB_PID" 2>/dev/null || true
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cd "$ROOT"
"$PY" bench/attendance/seed.py --viewers "$VIEWERS" --out "$VAR/viewers.json"

PORT="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
# Access log off (a proxy in front keeps one): a JSON line per beat costs a tenth of the beat.
# BENCH_SERVER=gunicorn times gunicorn (gthread, 2 processes per core × 4 threads) instead,
# if it is installed (`pip install gunicorn`), for the comparison in RESULTS.md.
if [ "${BENCH_SERVER:-granian}" = gunicorn ]; then
  "$ROOT/.venv/bin/gunicorn" --bind "127.0.0.1:$PORT" --worker-class gthread \
    --workers "$(( $(nproc) * 2 ))" --threads 4 --keep-alive 5 parentschool.wsgi \
    >"$VAR/logs/web.log" 2>&1 &
else
  WEB_ACCESS_LOG=0 WEB_BIND="127.0.0.1:$PORT" "$PY" -m parentschool.serve >"$VAR/logs/web.log" 2>&1 &
fi
WEB_PID=$!
for _ in $(seq 120); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/zh-hans/attendance/my/" || true)
  [ "$code" != 000 ] && break
  sleep 0.5
done

# Warm-up (not measured): every worker imports, connects and serves a few beats. Its
# viewers are the first ones, so the measured steps use the rest.
"$PY" "$HERE/load.py" --port "$PORT" --viewers-file "$VAR/viewers.json" --steps "$WARMUP" \
  --step-seconds 4 --settle 0 >/dev/null
echo "load before: $(uptime)"
"$PY" "$HERE/load.py" --port "$PORT" --viewers-file "$VAR/viewers.json" --steps "$STEPS" \
  --step-seconds "$STEP_SECONDS" --skip "$WARMUP" --out "$VAR/heartbeats.json"
echo "load after: $(uptime)"
"$PY" - "$VAR" <<'PY'
import json, sys
sys.path.insert(0, ".")
import django; django.setup()
from attendance.models import LedgerEntry, PlaybackSession
from django.db.models import Sum
print("ledger entries written during the run:", LedgerEntry.objects.filter(source="online").count())
print("seconds credited:", PlaybackSession.objects.aggregate(s=Sum("claimed_seconds"))["s"])
PY
