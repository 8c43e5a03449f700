"""Check that the fast SQLite path answers exactly as the queryset path on a large city.

    BENCH_VAR_DIR=/tmp/ps-bench-search3 bench/search/scale.sh ...   # builds and indexes it
    PARENTSCHOOL_VAR_DIR=/tmp/ps-bench-search3 DJANGO_SETTINGS_MODULE=parentschool.settings.test \
        .venv/bin/python bench/search/same_answers.py

For every judged query and a few more (a common word, a long question, no match), pages 1
and 3, with and without a facet filter: the same hits in the same order, the same total,
the same facet counts and the same "relaxed" flag. Exits 1 on the first difference.
tests/search/test_match_once.py pins the same on the small test city.
"""

import os
import sys
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parentschool.settings.test")

import django  # noqa: E402

django.setup()

from django.test.utils import override_settings  # noqa: E402

from bench.search.queries import QUERIES  # noqa: E402

EXTRA = ["表扬", "手机 沉迷 游戏 考试", "zzzz 表扬", "zzzz"]
VARIANTS = [{"page": 1}, {"page": 3}, {"filters": {"type": ["lessonpage"], "stage": ["primary"]}}]


def answer(query: str, **kwargs) -> tuple:
    from search.query import search_content

    results = search_content(query=query, **kwargs)
    facets = {name: [(v.value, v.count) for v in values] for name, values in results.facets.items()}
    return [hit.page.pk for hit in results.hits], results.total, facets, results.relaxed


def main() -> int:
    from search import content_database

    checked = 0
    for query in [query for query, _concepts in QUERIES] + EXTRA:
        for kwargs in VARIANTS:
            fast = answer(query, **kwargs)
            with mock.patch.object(content_database, "MATCH_ONCE", False):
                slow = answer(query, **kwargs)
            if fast != slow:
                print(f"DIFFERENT: {query!r} {kwargs}\n  fast: {fast}\n  slow: {slow}")
                return 1
            checked += 1
    print(f"same answers for {checked} searches")
    return 0


if __name__ == "__main__":
    ours = {"default": {"BACKEND": "search.backends.database"}}
    with override_settings(WAGTAILSEARCH_BACKENDS=ours):
        sys.exit(main())
