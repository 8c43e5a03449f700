"""The demo's premium course selection (精品课程评选): a published 2026 city round of
云溪市 with nominations from every school, three reviewers (one excused from her own
school's courses), scores with comments, results with a tie, the winners featured on the
home page, and a joint broadcast (联合展播) running from a few days ago for two months.

Built through the same services people use, moving the round's windows along as it goes.
Idempotent: nothing is done when the round exists.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from schools.models import Region, Role, School
from schools.services import membership_grant
from selection import selectors, services
from selection.models import AwardLevel, RubricItem, SelectionRound

from . import names

SEED = 20261127
TITLE = "云溪市家庭教育精品课程评选"
YEAR = 2026
DAY = datetime.timedelta(days=1)

RUBRIC = [
    ("内容科学性", "观点正确，符合儿童身心发展规律，有依据。", 30),
    ("针对性与实用性", "贴近家长的真实困惑，方法具体、可操作。", 30),
    ("形式与表现力", "讲解生动，视频和图文制作规范。", 20),
    ("示范与推广价值", "有本校特色，适合在全市推广。", 20),
]
AWARDS = [
    ("一等奖", AwardLevel.Rule.TOP_N, 1, True),
    ("二等奖", AwardLevel.Rule.TOP_N, 3, True),
    ("三等奖", AwardLevel.Rule.TOP_N, 6, True),
    ("入围奖", AwardLevel.Rule.DECISION, None, False),
]
# username, name, the school code they work at (excused from its courses) or ""
REVIEWERS = [
    ("reviewer", None, ""),
    ("pingshen2", "孙丽华", ""),
    ("pingshen3", "周美玲", "99010202"),
]
COMMENTS = [
    "选题贴近家长需求，案例真实。",
    "方法具体，家长容易上手。",
    "讲解清楚，节奏可以再紧凑一些。",
    "建议增加亲子互动的示范片段。",
    "结构完整，配套资料齐全。",
    "特色鲜明，值得在全市推广。",
    "个别观点需要补充依据。",
]
# (nomination opens, closes, review opens, closes) in days from now
NOMINATING = (-1, 1, 2, 3)
REVIEWING = (-3, -2, -1, 1)
FINISHED = (-75, -45, -40, -20)


def build(*, password: str) -> None:
    """Create the published round and its running broadcast, unless the round exists."""
    city = Region.objects.get(code="990100")
    if SelectionRound.objects.filter(region=city, year=YEAR, title=TITLE).exists():
        return
    rng = random.Random(SEED)
    editor = get_user_model().objects.get(username="editor")
    round = _round(city, editor)
    _nominate(round, _school_admins(password, rng))
    assignments = _reviewers(round, editor, password)
    _move(round, REVIEWING)
    _score(round, assignments, rng)
    _move(round, FINISHED)
    services.results_compute(round=round, user=editor)
    services.round_publish(round=round, user=editor)
    _broadcast(round, editor)


def _move(round: SelectionRound, offsets: tuple[int, int, int, int]) -> None:
    now = timezone.now()
    opens, closes, review_opens, review_closes = (now + days * DAY for days in offsets)
    round.nomination_opens, round.nomination_closes = opens, closes
    round.review_opens, round.review_closes = review_opens, review_closes
    round.publication_date = timezone.localdate(review_closes) + 6 * DAY
    round.save()


def _round(city: Region, editor) -> SelectionRound:
    round = SelectionRound(
        title=TITLE,
        region=city,
        year=YEAR,
        description=(
            "为落实“家校社协同育人”要求，市教育局面向全市幼儿园、中小学和社区家长学校征集"
            "家庭教育精品课程。获奖课程将在全市联合展播，家长观看计入家庭教育学时。"
        ),
        quota_per_school=2,
        trimmed_mean=True,
        created_by=editor,
    )
    round.rubric_items = [
        RubricItem(name=n, description=d, weight=Decimal(w), max_score=Decimal(10), sort_order=i)
        for i, (n, d, w) in enumerate(RUBRIC)
    ]
    round.award_levels = [
        AwardLevel(name=n, rule=rule, top_n=top, is_premium=premium, sort_order=i)
        for i, (n, rule, top, premium) in enumerate(AWARDS)
    ]
    _move(round, NOMINATING)
    return round


def _school_admins(password: str, rng: random.Random) -> dict:
    """A school admin per school: the demo's `schooladmin` at 育英小学, generated ones
    elsewhere (`xzgl` + the school code)."""
    User = get_user_model()
    admins = {}
    for school in School.objects.filter(region__parent__code="990100").order_by("code"):
        username = "schooladmin" if school.code == "99010202" else f"xzgl{school.code}"
        full_name = names.full_name(rng)
        user, created = User.objects.get_or_create(
            username=username, defaults={"last_name": full_name[0], "first_name": full_name[1:]}
        )
        if created:
            user.set_password(password)
            user.save()
        membership_grant(user=user, role=Role.SCHOOL_ADMIN, school=school)
        admins[school] = user
    return admins


def _nominate(round: SelectionRound, admins: dict) -> None:
    for school, admin in admins.items():
        for course in selectors.nominable_courses(school=school)[: round.quota_per_school]:
            services.nomination_create(
                round=round,
                course=course,
                statement=(
                    f"《{course.title}》是{school.name}家长学校的特色课程：{course.summary}"
                    "课程在本校试用一学期，家长参与度高、反响良好，特此推荐。"
                ),
                user=admin,
            )


def _reviewers(round: SelectionRound, editor, password: str) -> list:
    User = get_user_model()
    assignments = []
    for username, full_name, school_code in REVIEWERS:
        defaults = {"last_name": full_name[0], "first_name": full_name[1:]} if full_name else {}
        user, created = User.objects.get_or_create(username=username, defaults=defaults)
        if created:
            user.set_password(password)
            user.save()
        membership_grant(user=user, role=Role.REVIEWER, region=round.region)
        school = School.objects.filter(code=school_code).first()
        assignments.append(
            services.reviewer_assign(
                round=round, reviewer=user, affiliated_school=school, user=editor
            )
        )
    return assignments


def _score(round: SelectionRound, assignments: list, rng: random.Random) -> None:
    nominations = list(round.nominations.order_by("pk"))
    quality = {n.pk: rng.uniform(6.0, 9.4) for n in nominations}
    # Two courses of the same district get the same marks from everyone: a visible tie.
    tied = [n for n in nominations if n.school.region.code == "990121"][:2]
    if len(tied) == 2:
        quality[tied[1].pk] = quality[tied[0].pk]
    for assignment in assignments:
        for nomination in selectors.nominations_to_review(assignment=assignment):
            marks = random.Random(f"{SEED}-{assignment.reviewer_id}-{quality[nomination.pk]}")
            values = {
                item.pk: (_mark(quality[nomination.pk], marks), rng.choice(COMMENTS))
                for item in round.rubric_items.all()
            }
            services.score_save(
                assignment=assignment,
                nomination=nomination,
                values=values,
                submit=True,
                user=assignment.reviewer,
            )


def _mark(quality: float, rng: random.Random) -> str:
    return str(max(Decimal(0), min(Decimal(10), round(Decimal(quality + rng.uniform(-1, 1)), 1))))


def _broadcast(round: SelectionRound, editor) -> None:
    winners = [
        r.nomination.course
        for r in selectors.results_of(round=round)
        if r.award is not None and r.award.is_premium
    ]
    now = timezone.now()
    services.broadcast_schedule(
        round=round,
        title="2026年云溪市家庭教育精品课程联合展播",
        courses=winners,
        starts_at=now - 3 * DAY,
        ends_at=now + 60 * DAY,
        user=editor,
    )
