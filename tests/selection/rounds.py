"""A selection round on the small test city, and a way to move it through its windows."""

import datetime
from decimal import Decimal

from django.utils import timezone

from schools.models import Role
from schools.services import membership_grant
from selection import services
from selection.models import AwardLevel, Phase, RubricItem, SelectionRound
from tests.courses.tree import add_course, build_city
from tests.factories import UserFactory

DAY = datetime.timedelta(days=1)

# Offsets in days of (nomination opens, closes, review opens, closes) from now, per phase.
PHASE_OFFSETS = {
    Phase.UPCOMING: (1, 2, 3, 4),
    Phase.NOMINATING: (-1, 1, 2, 3),
    Phase.WAITING: (-3, -2, 1, 2),
    Phase.REVIEWING: (-3, -2, -1, 1),
    Phase.DELIBERATING: (-4, -3, -2, -1),
}


def move_to(round: SelectionRound, phase: str) -> SelectionRound:
    now = timezone.now()
    offsets = PHASE_OFFSETS[phase]
    round.nomination_opens, round.nomination_closes, round.review_opens, round.review_closes = (
        now + days * DAY for days in offsets
    )
    round.publication_date = timezone.localdate(round.review_closes)
    round.save()
    return round


def make_round(region, *, trimmed=False, blind=False, quota=2) -> SelectionRound:
    round = SelectionRound(
        title="测试市家庭教育精品课程评选",
        region=region,
        year=2026,
        quota_per_school=quota,
        blind_review=blind,
        trimmed_mean=trimmed,
    )
    round.rubric_items = [
        RubricItem(name="内容科学", weight=Decimal(40), max_score=Decimal(10), sort_order=0),
        RubricItem(name="形式生动", weight=Decimal(30), max_score=Decimal(20), sort_order=1),
        RubricItem(name="实效明显", weight=Decimal(30), max_score=Decimal(5), sort_order=2),
    ]
    round.award_levels = [
        AwardLevel(name="一等奖", rule="top_n", top_n=1, sort_order=0),
        AwardLevel(name="二等奖", rule="top_n", top_n=2, sort_order=1),
        AwardLevel(name="入围奖", rule="decision", is_premium=False, sort_order=2),
    ]
    return move_to(round, Phase.NOMINATING)


def build_selection_city() -> dict:
    """The course test city, a second course at school a, three city reviewers (the
    third works at school a) and a city round open for nominations."""
    tree = build_city()
    tree["course_a2"] = add_course(tree["curriculum_a"], "a校家风课", lessons=1)
    for name in ("reviewer_1", "reviewer_2", "reviewer_3"):
        tree[name] = UserFactory(username=name)
        membership_grant(user=tree[name], role=Role.REVIEWER, region=tree["city"])
    tree["round"] = make_round(tree["city"])
    return tree


def scores(round: SelectionRound, *values) -> dict:
    """Form-shaped values for the round's rubric items, in order."""
    items = list(round.rubric_items.all())
    return {item.pk: (str(value), "") for item, value in zip(items, values, strict=True)}


def nominate(city, course_key="course_a", admin="school_admin_a"):
    return services.nomination_create(
        round=city["round"], course=city[course_key], statement="本校特色课程。", user=city[admin]
    )


def assign_all(city):
    return [
        services.reviewer_assign(
            round=city["round"],
            reviewer=city[name],
            affiliated_school=city["school_a"] if name == "reviewer_3" else None,
            user=city["editor"],
        )
        for name in ("reviewer_1", "reviewer_2", "reviewer_3")
    ]


def run_review(city, sheets):
    """Nominate a, a2 and b; each reviewer submits the given values per nomination key."""
    round = city["round"]
    nominations = {
        "a": nominate(city),
        "a2": nominate(city, course_key="course_a2"),
        "b": nominate(city, course_key="course_b", admin="school_admin_b"),
    }
    assignments = dict(
        zip(("reviewer_1", "reviewer_2", "reviewer_3"), assign_all(city), strict=True)
    )
    move_to(round, Phase.REVIEWING)
    for (name, key), values in sheets.items():
        services.score_save(
            assignment=assignments[name],
            nomination=nominations[key],
            values=scores(round, *values),
            submit=True,
            user=city[name],
        )
    move_to(round, Phase.DELIBERATING)
    return nominations


# totals: (8,15,4) → 78.50, (10,20,5) → 100.00, (5,10,2) → 47.00, (7.5,17,4.1) → 80.10
TIED_REVIEW = {
    ("reviewer_1", "a"): (8, 15, 4),
    ("reviewer_2", "a"): (7.5, 17, 4.1),  # a: (78.50 + 80.10) / 2 = 79.30
    ("reviewer_1", "a2"): (10, 20, 5),
    ("reviewer_2", "a2"): (5, 10, 2),  # a2: (100 + 47) / 2 = 73.50
    ("reviewer_1", "b"): (7.5, 17, 4.1),
    ("reviewer_2", "b"): (8, 15, 4),  # b: 79.30, tied with a
    ("reviewer_3", "b"): (8, 15, 4),  # b: (80.10 + 78.50 + 78.50) / 3 = 79.03 untrimmed
}


def published_round(city) -> dict:
    """Run TIED_REVIEW (a 79.30 一等奖, b 78.50 二等奖, a2 73.50), compute and publish."""
    round = city["round"]
    round.trimmed_mean = True
    round.save()
    nominations = run_review(city, TIED_REVIEW)
    services.results_compute(round=round, user=city["editor"])
    services.round_publish(round=round, user=city["editor"])
    return nominations
