"""Search latency and indexing throughput on a large city (20,000 lessons).

    bench/search/scale.sh      # generates the city with bench/pages/generate.py, then runs this

Indexes the city's pages into our database backend (SQLite FTS5 + jieba) and, when
SEARCH_URL is set, into the engine; times the rebuild (docs/s), then runs every judged query
REPS times through search_content (search + facets + snippets + page loads, 10 hits) and
reports p50/p95. The stock database backend runs too (--stock) as the obvious alternative.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parentschool.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from bench.search.queries import QUERIES  # noqa: E402
from bench.search.run import backends, print_table  # noqa: E402


def percentile(sorted_values: list[float], fraction: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * fraction))]


def latencies(reps: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each query, sorted. On a shared machine the CPU
    time (this process only) is what the query costs; wall-clock adds waiting for a core."""
    from search.query import search_content

    for query, _concepts in QUERIES:  # warm caches (jieba, vocabulary, SQLite pages)
        search_content(query=query)
    wall, cpu = [], []
    for _rep in range(reps):
        for query, _concepts in QUERIES:
            started, cpu_started = time.perf_counter(), time.process_time()
            search_content(query=query)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
    return sorted(wall), sorted(cpu)


def run(name: str, config: dict, reps: int, skip_index: bool) -> dict:
    from search.query import public_pages

    docs = public_pages().count()
    with override_settings(WAGTAILSEARCH_BACKENDS={"default": config}):
        seconds = cpu = 0.0
        if not skip_index:
            started, cpu_started = time.perf_counter(), time.process_time()
            call_command("rebuild_search_index", verbosity=0)
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
        timings, cpu_timings = latencies(reps)
    row = {
        "backend": name,
        "pages": docs,
        "index s": seconds,
        "docs/s": docs / seconds if seconds else 0.0,
        "python cpu s": cpu,  # this process only: the engine's own work is not in it
        "queries": len(timings),
        "p50 ms": statistics.median(timings),
        "p95 ms": percentile(timings, 0.95),
        "max ms": timings[-1],
        "cpu p50 ms": statistics.median(cpu_timings),
        "cpu p95 ms": percentile(cpu_timings, 0.95),
    }
    print(row, flush=True)
    return row


def old_path(name: str, config: dict, reps: int) -> dict:
    """Ours again, on the index just built, with the match evaluated per queryset as before
    search/backends/matched.py: the before/after ratio on the same corpus in the same run."""
    from search import content_database

    content_database.MATCH_ONCE = False
    try:
        return run(f"{name}, old path", config, reps, skip_index=True)
    finally:
        content_database.MATCH_ONCE = True


def temp_table(name: str, config: dict, reps: int) -> dict:
    """Ours again, with the match once into a temporary table and the count, ranking and
    facets in SQL (bench/search/temp_table.py), as before the in-memory map."""
    from bench.search.temp_table import temp_table_path

    with temp_table_path():
        return run(f"{name}, temp table", config, reps, skip_index=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--stock", action="store_true", help="also the stock database backend")
    parser.add_argument("--only", help="run only the backends whose name contains this")
    parser.add_argument("--skip-index", action="store_true", help="reuse the indexes")
    parser.add_argument(
        "--old-path",
        action="store_true",
        help="also time ours on the queryset path (a match per count, ranking and facets)",
    )
    parser.add_argument(
        "--temp-table",
        action="store_true",
        help="also time ours with the match in a temporary table, counted and faceted in SQL",
    )
    args = parser.parse_args()
    from courses.models import LessonPage

    print(f"{LessonPage.objects.count()} lessons, database {connection.vendor}", flush=True)
    rows = []
    for name, config in backends().items():
        if (name.startswith("stock") and not args.stock) or (args.only and args.only not in name):
            continue
        rows.append(run(name, config, args.reps, args.skip_index))
        if args.temp_table and name.startswith("ours"):
            rows.append(temp_table(name, config, args.reps))
        if args.old_path and name.startswith("ours"):
            rows.append(old_path(name, config, args.reps))
    print()
    print_table(rows, digits=1)


if __name__ == "__main__":
    main()
