"""Relevance and latency of search: stock database backend vs ours (jieba) vs the engine.

    DJANGO_SETTINGS_MODULE=parentschool.settings.test .venv/bin/python bench/search/run.py \
        [--extra-lessons N]        # SEARCH_URL=... adds the engine column

Builds the demo city (28 courses, 103 lessons of real Chinese text) in an in-memory SQLite
database, optionally N synthetic lessons made from the same sentences, indexes it into each
backend and scores the judged queries in queries.py: recall@10 and MRR, and p50/p95 latency.
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

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

from bench.search.judge import judged_pages, relevant  # noqa: E402
from bench.search.queries import QUERIES  # noqa: E402


def backends() -> dict[str, dict]:
    from search.analysis import ENGINE_INDEX_SETTINGS

    chosen = {
        "stock database": {"BACKEND": "modelsearch.backends.database"},
        "ours (jieba)": {"BACKEND": "search.backends.database"},
    }
    url = getattr(settings, "TEST_SEARCH_URL", "") or os.environ.get("SEARCH_URL", "")
    if url:
        chosen["engine (smartcn)"] = {
            "BACKEND": f"modelsearch.backends.{settings.SEARCH_ENGINE}",
            "URLS": [url],
            "INDEX_PREFIX": "bench_search_",
            "INDEX_SETTINGS": ENGINE_INDEX_SETTINGS,
        }
    return chosen


def build_corpus(extra_lessons: int) -> None:
    from decimal import Decimal

    from courses.models import CoursePage, LessonPage
    from parentschool.demo import city

    city.build(password="bench-only", pages=True, videos=False)  # noqa: S106 - throwaway db
    lessons = list(LessonPage.objects.all())
    courses = list(CoursePage.objects.all())
    for number in range(extra_lessons):
        source = lessons[number % len(lessons)]
        course = courses[number % len(courses)]
        course.add_child(
            instance=LessonPage(
                title=f"{source.title}（{number // len(lessons) + 2}）",
                slug=f"bench-{number}",
                summary=source.summary,
                duration_minutes=10,
                class_hours=Decimal("0.5"),
                notes=source.notes.raw_data,
            )
        )


def score(name: str, judgements: dict[str, set[int]], explain: bool) -> dict:
    from search.query import search_content

    recalls, reciprocal, timings = [], [], []
    for query, _concepts in QUERIES:
        wanted = judgements[query]
        started = time.perf_counter()
        ids = [hit.page.pk for hit in search_content(query=query, per_page=10).hits]
        timings.append((time.perf_counter() - started) * 1000)
        recalls.append(len(set(ids) & wanted) / min(len(wanted), 10))
        rank = next((i for i, pk in enumerate(ids, 1) if pk in wanted), None)
        reciprocal.append(1 / rank if rank else 0)
        if explain and recalls[-1] < 1:
            print(f"{name} | {query}: recall {recalls[-1]:.2f}, {len(wanted)} relevant")
            print("   found:", " / ".join(titles(ids, wanted)))
            print("   missed:", " / ".join(titles(sorted(wanted - set(ids)), wanted)[:10]))
    timings.sort()
    return {
        "backend": name,
        "recall@10": statistics.mean(recalls),
        "MRR": statistics.mean(reciprocal),
        "p50 ms": timings[len(timings) // 2],
        "p95 ms": timings[int(len(timings) * 0.95) - 1],
    }


def titles(ids, wanted) -> list[str]:
    from wagtail.models import Page

    names = dict(Page.objects.filter(pk__in=ids).values_list("pk", "title"))
    return [("" if pk in wanted else "✗") + names[pk][:24] for pk in ids]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--extra-lessons", type=int, default=0)
    parser.add_argument("--only", help="run only the backends whose name contains this")
    parser.add_argument("--explain", action="store_true", help="print the queries missed")
    parser.add_argument(
        "--no-synonyms", action="store_true", help="ablation: run without search/synonyms.txt"
    )
    args = parser.parse_args()
    if args.no_synonyms:
        from search import terms

        terms.synonym_table = dict  # an empty table
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    build_corpus(args.extra_lessons)
    from courses.models import LessonPage

    pages = judged_pages()
    judgements = {query: relevant(pages, concepts) for query, concepts in QUERIES}
    empty = [query for query, found in judgements.items() if not found]
    if empty:
        raise SystemExit(f"queries with no relevant page: {empty}")
    rows = []
    for name, config in backends().items():
        if args.only and args.only not in name:
            continue
        with override_settings(WAGTAILSEARCH_BACKENDS={"default": config}):
            started = time.perf_counter()
            call_command("rebuild_search_index", verbosity=0)
            indexing = time.perf_counter() - started
            row = score(name, judgements, args.explain)
            row["index s"] = indexing
            rows.append(row)
    print(f"{len(QUERIES)} judged queries, {LessonPage.objects.count()} lessons\n")
    print_table(rows, digits=3)


def print_table(rows: list[dict], digits: int) -> None:
    """The rows as a markdown table, for RESULTS.md."""
    print("| " + " | ".join(rows[0]) + " |")
    print("|" + "---|" * len(rows[0]))
    for row in rows:
        cells = [f"{v:.{digits}f}" if isinstance(v, float) else str(v) for v in row.values()]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
