#!/usr/bin/env bash
# Search at scale: generate a city of 20,000 lessons (bench/pages/generate.py, bulk inserted)
# into $BENCH_VAR_DIR unless it is there already, then index it and time the judged queries.
#
#   bench/search/scale.sh [scale.py args]      # e.g. --stock, --reps 5, --only ours
#   SEARCH_URL=http://127.0.0.1:9200 bench/search/scale.sh   # adds the engine
#
# Knobs: BENCH_VAR_DIR (default /tmp/parentschool-bench-search), BENCH_REGENERATE=1,
# BENCH_LESSONS (20000), BENCH_COURSES (2000), BENCH_SCHOOLS (50).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="$ROOT/.venv/bin/python"
export PARENTSCHOOL_VAR_DIR="${BENCH_VAR_DIR:-${TMPDIR:-/tmp}/parentschool-bench-search}"
export DJANGO_SETTINGS_MODULE=parentschool.settings.test
unset DATABASE_URL  # the bench measures SQLite

[ -x "$PY" ] || { echo "no virtualenv at $ROOT/.venv: run 'make setup' first"; exit 1; }
if [ -n "${BENCH_REGENERATE:-}" ]; then rm -rf "$PARENTSCHOOL_VAR_DIR"; fi
if [ ! -f "$PARENTSCHOOL_VAR_DIR/parentschool.sqlite3" ]; then
  mkdir -p "$PARENTSCHOOL_VAR_DIR"
  "$PY" "$ROOT/bench/pages/generate.py" --schools "${BENCH_SCHOOLS:-50}" \
    --courses "${BENCH_COURSES:-2000}" --lessons "${BENCH_LESSONS:-20000}"
fi
"$PY" "$ROOT/bench/search/scale.py" "$@"
