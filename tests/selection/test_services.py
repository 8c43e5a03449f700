"""The rules of a round, enforced by the services: windows, quota, conflicts of interest,
drafts and submissions, the audit log, results and publication."""

from decimal import Decimal

import pytest

from courses.models import CoursePage, FeaturedCollectionPage
from selection import selectors, services
from selection.exceptions import SelectionRefused
from selection.models import Phase, ScoreEvent, ScoreSheet

from .rounds import (
    TIED_REVIEW,
    assign_all,
    build_selection_city,
    move_to,
    nominate,
    run_review,
    scores,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return build_selection_city()


def test_nomination_freezes_the_course_as_a_revision(city):
    nomination = nominate(city)
    course = CoursePage.objects.get(pk=city["course_a"].pk)
    course.title = "改过的标题"
    course.save_revision().publish()
    nomination.refresh_from_db()
    assert nomination.frozen_course().title == "a校亲子阅读课"
    assert nomination.school == city["school_a"]


def test_a_school_admin_nominates_only_their_own_schools_courses(city):
    with pytest.raises(SelectionRefused, match="只能推荐本校"):
        nominate(city, course_key="course_b")
    with pytest.raises(SelectionRefused, match="只能推荐本校"):
        nominate(city, course_key="shared_course")
    with pytest.raises(SelectionRefused, match="只能推荐本校"):
        nominate(city, admin="teacher_a")


def test_the_quota_and_the_window_are_enforced(city):
    round = city["round"]
    round.quota_per_school = 1
    round.save()
    nominate(city)
    with pytest.raises(SelectionRefused, match="名额"):
        nominate(city, course_key="course_a2")
    move_to(round, Phase.WAITING)
    with pytest.raises(SelectionRefused, match="已截止"):
        nominate(city, course_key="course_b", admin="school_admin_b")
    assert round.nominations.count() == 1


def test_an_empty_statement_is_refused(city):
    with pytest.raises(SelectionRefused, match="推荐理由"):
        services.nomination_create(
            round=city["round"],
            course=city["course_a"],
            statement="  ",
            user=city["school_admin_a"],
        )


def test_only_reviewers_of_the_region_can_be_assigned_by_the_organiser(city):
    round = city["round"]
    with pytest.raises(SelectionRefused, match="组织者"):
        services.reviewer_assign(
            round=round,
            reviewer=city["reviewer_1"],
            affiliated_school=None,
            user=city["school_admin_a"],
        )
    with pytest.raises(SelectionRefused, match="评审专家"):
        services.reviewer_assign(
            round=round, reviewer=city["teacher_a"], affiliated_school=None, user=city["editor"]
        )


def test_a_reviewer_never_scores_their_own_schools_course(city):
    nomination_a = nominate(city)
    nomination_b = nominate(city, course_key="course_b", admin="school_admin_b")
    *_, conflicted = assign_all(city)
    move_to(city["round"], Phase.REVIEWING)
    assert list(selectors.nominations_to_review(assignment=conflicted)) == [nomination_b]
    with pytest.raises(SelectionRefused, match="本校"):
        services.score_save(
            assignment=conflicted,
            nomination=nomination_a,
            values=scores(city["round"], 10, 20, 5),
            submit=True,
            user=city["reviewer_3"],
        )
    assert not ScoreSheet.objects.filter(assignment=conflicted).exists()


def test_a_staff_role_at_a_school_is_a_conflict_too(city):
    from schools.models import Role
    from schools.services import membership_grant

    membership_grant(user=city["reviewer_1"], role=Role.TEACHER, school=city["school_b"])
    assignment = assign_all(city)[0]
    assert city["school_b"].pk in selectors.conflicted_school_ids(assignment=assignment)


def test_drafts_submit_deadlines_and_the_log(city):
    round = city["round"]
    nomination = nominate(city)
    reviewer = assign_all(city)[0]
    save = dict(assignment=reviewer, nomination=nomination, user=city["reviewer_1"])
    with pytest.raises(SelectionRefused, match="尚未开始"):
        services.score_save(values=scores(round, 8, 15, 4), submit=False, **save)
    move_to(round, Phase.REVIEWING)
    services.score_save(values=scores(round, 5, "", ""), submit=False, **save)
    with pytest.raises(SelectionRefused, match="每一项"):
        services.score_save(values=scores(round, 8, 15, ""), submit=True, **save)
    with pytest.raises(SelectionRefused, match="0 到 20"):
        services.score_save(values=scores(round, 8, 25, 4), submit=True, **save)
    with pytest.raises(SelectionRefused, match="请输入数字"):
        services.score_save(values=scores(round, 8, "很好", 4), submit=True, **save)
    sheet = services.score_save(values=scores(round, 8, 15, 4), submit=True, **save)
    assert sheet.status == ScoreSheet.Status.SUBMITTED
    assert [s.value for s in sheet.scores.order_by("item__sort_order")] == [8, 15, 4]
    with pytest.raises(SelectionRefused, match="不能修改"):
        services.score_save(values=scores(round, 9, 15, 4), submit=True, **save)
    assert list(ScoreEvent.objects.values_list("value", "submitted")) == [
        (Decimal(5), False),
        (Decimal(8), True),
        (Decimal(15), True),
        (Decimal(4), True),
    ]
    move_to(round, Phase.DELIBERATING)
    with pytest.raises(SelectionRefused, match="截止"):
        services.score_save(values=scores(round, 8, 15, 4), submit=False, **save)


def test_score_events_cannot_be_rewritten(city):
    nomination = nominate(city)
    reviewer = assign_all(city)[0]
    move_to(city["round"], Phase.REVIEWING)
    services.score_save(
        assignment=reviewer,
        nomination=nomination,
        values=scores(city["round"], 8, 15, 4),
        submit=False,
        user=city["reviewer_1"],
    )
    event = ScoreEvent.objects.first()
    event.value = Decimal(10)
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def computed(city) -> dict:
    results = services.results_compute(round=city["round"], user=city["editor"])
    return {r.nomination_id: r for r in results}


def test_results_rank_ties_and_awards_and_match_the_log(city):
    round = city["round"]
    round.trimmed_mean = True  # b: 80.10 and 78.50 dropped → 78.50
    round.save()
    nominations = run_review(city, TIED_REVIEW)
    with pytest.raises(SelectionRefused, match="组织者"):
        services.results_compute(round=round, user=city["reviewer_1"])
    results = {
        r.nomination_id: r for r in services.results_compute(round=round, user=city["editor"])
    }
    a, a2, b = (results[nominations[k].pk] for k in ("a", "a2", "b"))
    assert (a.score, a.rank, a.tied, a.award.name) == (Decimal("79.30"), 1, False, "一等奖")
    assert (b.score, b.rank, b.reviewer_count, b.award.name) == (Decimal("78.50"), 2, 3, "二等奖")
    assert (a2.score, a2.rank, a2.award) == (Decimal("73.50"), 3, None)
    assert selectors.results_match_log(round=round)


def test_a_tie_at_the_cut_off_awards_both_and_the_organiser_can_decide(city):
    round = city["round"]
    sheets = dict(TIED_REVIEW)
    del sheets[("reviewer_3", "b")]  # b: (80.10 + 78.50) / 2 = 79.30, as a
    nominations = run_review(city, sheets)
    results = {
        r.nomination_id: r for r in services.results_compute(round=round, user=city["editor"])
    }
    a, a2, b = (results[nominations[k].pk] for k in ("a", "a2", "b"))
    assert (a.score, a.rank, a.tied) == (b.score, b.rank, b.tied) == (Decimal("79.30"), 1, True)
    assert a.award.name == b.award.name == "一等奖"  # "top 1" takes the whole tie
    assert (a2.rank, a2.award) == (3, None)  # competition ranking skips 2
    second = round.award_levels.get(name="二等奖")
    services.award_decide(result=b, award=second, follow_rule=False, user=city["editor"])
    services.results_compute(round=round, user=city["editor"])  # the decision survives
    b.refresh_from_db()
    assert (b.award, b.rule_award.name, b.decided) == (second, "一等奖", True)
    assert selectors.results_match_log(round=round)
    services.award_decide(result=b, award=None, follow_rule=True, user=city["editor"])
    b.refresh_from_db()
    assert b.award.name == "一等奖"


def test_publication_marks_winners_premium_and_features_them(city):
    round = city["round"]
    nominations = run_review(city, TIED_REVIEW)
    with pytest.raises(SelectionRefused, match="先计算"):
        services.round_publish(round=round, user=city["editor"])
    services.results_compute(round=round, user=city["editor"])
    services.round_publish(round=round, user=city["editor"])
    round.refresh_from_db()
    assert round.phase() == Phase.PUBLISHED
    premium = set(CoursePage.objects.filter(is_premium=True).values_list("pk", flat=True))
    assert premium == {nominations["a"].course_id, nominations["b"].course_id}
    collection = FeaturedCollectionPage.objects.get(pk=round.collection_id)
    assert collection.live and collection.get_parent().pk == city["home"].pk
    assert [i.course_id for i in collection.items.order_by("sort_order")] == [
        nominations["a"].course_id,
        nominations["b"].course_id,
    ]
    with pytest.raises(SelectionRefused, match="已经发布"):
        services.results_compute(round=round, user=city["editor"])
