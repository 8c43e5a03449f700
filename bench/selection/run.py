"""Benchmark of the selection's two hot paths, each against the obvious alternative.

    DJANGO_SETTINGS_MODULE=parentschool.settings.test .venv/bin/python bench/selection/run.py \\
        --nominations 200 --reviewers 7 --repeat 5

Runs in a throw-away test database (SQLite in memory, or PostgreSQL when DATABASE_URL is set).

1. Results of a city-size round (`--nominations` nominations, `--reviewers` reviewers, five
   rubric items, every sheet submitted): `selectors.outcomes_from_scores` (one query over the
   scores, then the pure scoring math) against the obvious ORM loop (each nomination's
   sheets, then each sheet's scores), and the replay of the audit log
   (`selectors.outcomes_from_log`). All three must give the same outcomes.
2. A school page with the 联合展播 block: queries and time of an uncached render with no
   broadcast, and with a running broadcast of five courses.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parentschool.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from selection import scoring, selectors  # noqa: E402
from selection.models import (  # noqa: E402
    Broadcast,
    BroadcastItem,
    Nomination,
    ReviewerAssignment,
    RubricItem,
    Score,
    ScoreEvent,
    ScoreSheet,
)


def build(nominations: int, reviewers: int):
    from schools.models import Role
    from schools.services import membership_grant
    from tests.courses.tree import add_course
    from tests.factories import UserFactory
    from tests.selection.rounds import build_selection_city

    city = build_selection_city()
    round = city["round"]
    items = list(round.rubric_items.all())
    for index in range(5 - len(items)):
        items.append(
            RubricItem.objects.create(round=round, name=f"附加项{index}", weight=10, max_score=10)
        )
    parent = city["curriculum_b"]
    courses = [add_course(parent, f"评选课程{i}", lessons=1) for i in range(nominations)]
    noms = [
        Nomination.objects.create(
            round=round,
            course=c,
            revision=c.save_revision(),
            school=city["school_b"],
            statement="推荐理由",
        )
        for c in courses
    ]
    assignments = []
    for index in range(reviewers):
        user = UserFactory(username=f"bench_reviewer{index}")
        membership_grant(user=user, role=Role.REVIEWER, region=city["city"])
        assignments.append(ReviewerAssignment.objects.create(round=round, reviewer=user))
    sheets = ScoreSheet.objects.bulk_create(
        ScoreSheet(assignment=a, nomination=n, status=ScoreSheet.Status.SUBMITTED)
        for n in noms
        for a in assignments
    )
    values = {}
    scores, events = [], []
    for sheet_index, sheet in enumerate(sheets):
        for item_index, item in enumerate(items):
            value = Decimal((sheet_index * 7 + item_index * 3) % int(item.max_score) + 1)
            values[(sheet.pk, item.pk)] = value
            scores.append(Score(sheet=sheet, item=item, value=value))
            events.append(
                ScoreEvent(
                    round=round,
                    nomination_id=sheet.nomination_id,
                    reviewer_id=sheet.assignment.reviewer_id,
                    item=item,
                    value=value,
                    submitted=True,
                )
            )
    Score.objects.bulk_create(scores, batch_size=2000)
    ScoreEvent.objects.bulk_create(events, batch_size=2000)
    return city, round, courses


def orm_loop(round):
    """The obvious way: walk nominations, their sheets, their scores."""
    criteria = selectors.criteria_of(round=round)
    sheets = {}
    for nomination in round.nominations.all():
        for sheet in nomination.sheets.filter(status=ScoreSheet.Status.SUBMITTED):
            values = {score.item_id: score.value for score in sheet.scores.all()}
            sheets[(nomination.pk, sheet.assignment.reviewer_id)] = values
    return scoring.outcomes(
        sheets=sheets,
        nominations=round.nominations.values_list("pk", flat=True),
        criteria=criteria,
        levels=selectors.levels_of(round=round),
        trimmed=round.trimmed_mean,
    )


def timed(function, repeat: int):
    """Median milliseconds, queries of one run, and the result."""
    durations, counted, result = [], [], None
    for _ in range(repeat):
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            start = time.perf_counter()
            result = function()
            durations.append(time.perf_counter() - start)
        counted.append(len(queries))
    return statistics.median(durations) * 1000, counted[-1], result


def page(url: str, repeat: int):
    client = Client()
    return timed(lambda: client.get(url), repeat)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nominations", type=int, default=200)
    parser.add_argument("--reviewers", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args) -> None:
    start = time.perf_counter()
    city, round, courses = build(args.nominations, args.reviewers)
    vendor = connection.vendor
    print(f"database: {vendor}; built in {time.perf_counter() - start:.1f} s")
    sheets = args.nominations * args.reviewers
    print(
        f"round: {args.nominations} nominations × {args.reviewers} reviewers = {sheets} sheets,"
        f" {sheets * 5} scores, {sheets * 5} log events"
    )
    ours_ms, ours_q, ours = timed(lambda: selectors.outcomes_from_scores(round=round), args.repeat)
    loop_ms, loop_q, loop = timed(lambda: orm_loop(round), args.repeat)
    log_ms, log_q, log = timed(lambda: selectors.outcomes_from_log(round=round), args.repeat)
    assert ours == loop == log, "the three ways disagree"
    print(f"results from scores (ours):  {ours_ms:8.1f} ms  {ours_q:5d} queries")
    print(
        f"results by ORM loop:         {loop_ms:8.1f} ms  {loop_q:5d} queries"
        f"  ({loop_ms / ours_ms:.1f}× slower)"
    )
    print(f"results replayed from log:   {log_ms:8.1f} ms  {log_q:5d} queries")

    url = city["school_page_b"].url
    plain_ms, plain_q, _ = page(url, args.repeat)
    broadcast = Broadcast.objects.create(
        title="展播",
        region=city["city"],
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(days=1),
    )
    for index, course in enumerate(courses[:5]):
        BroadcastItem.objects.create(broadcast=broadcast, course=course, sort_order=index)
    with_ms, with_q, response = page(url, args.repeat)
    assert "展播" in response.content.decode()
    print(f"school page, no broadcast:   {plain_ms:8.1f} ms  {plain_q:5d} queries")
    print(
        f"school page, 5-course broadcast: {with_ms:4.1f} ms  {with_q:5d} queries"
        f"  (+{with_q - plain_q} queries)"
    )


if __name__ == "__main__":
    main()
