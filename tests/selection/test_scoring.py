"""The scoring math, checked against numbers worked out by hand."""

from decimal import Decimal as D

from selection.scoring import (
    Criterion,
    Event,
    Level,
    competition_ranks,
    mean_score,
    outcomes,
    rule_awards,
    submitted_sheets_from_events,
    weighted_total,
)

# 内容 40% out of 10, 形式 30% out of 20, 效果 30% out of 5.
RUBRIC = [Criterion(1, D(40), D(10)), Criterion(2, D(30), D(20)), Criterion(3, D(30), D(5))]


def test_weighted_total_is_the_weighted_share_of_full_marks():
    # 40×8/10 + 30×15/20 + 30×4/5 = 32 + 22.5 + 24
    assert weighted_total(values={1: D(8), 2: D(15), 3: D(4)}, criteria=RUBRIC) == D("78.50")
    assert weighted_total(values={1: D(10), 2: D(20), 3: D(5)}, criteria=RUBRIC) == D("100.00")
    assert weighted_total(values={1: D(5), 2: D(10), 3: D(2)}, criteria=RUBRIC) == D("47.00")


def test_weights_need_not_add_up_to_100():
    rubric = [Criterion(1, D(2), D(10)), Criterion(2, D(1), D(10))]
    # 100 × (2×0.8 + 1×0.9) / 3 = 83.333…
    assert weighted_total(values={1: D(8), 2: D(9)}, criteria=rubric) == D("83.33")
    # 100 × (2×0.1) / 3 = 6.666… rounds half up
    assert weighted_total(values={1: D(1), 2: D(0)}, criteria=rubric) == D("6.67")


def test_mean_and_trimmed_mean():
    totals = [D("78.50"), D("100.00"), D("47.00")]
    assert mean_score(totals, trimmed=False) == D("75.17")  # 225.5 / 3 = 75.1666…
    assert mean_score(totals, trimmed=True) == D("78.50")  # 47 and 100 dropped
    # fewer than three reviewers: nothing is dropped
    assert mean_score([D(80), D(90)], trimmed=True) == D("85.00")
    assert mean_score([D("80.00"), D("80.01")], trimmed=False) == D("80.01")  # 80.005
    assert mean_score([], trimmed=True) is None


def test_trimmed_mean_drops_only_one_of_equal_extremes():
    assert mean_score([D(90), D(90), D(60), D(60)], trimmed=True) == D("75.00")


def test_competition_ranking_shares_ranks_and_skips():
    ranks = competition_ranks({1: D(90), 2: D(85), 3: D(85), 4: D(80), 5: None})
    assert ranks == {1: (1, False), 2: (2, True), 3: (2, True), 4: (4, False), 5: (None, False)}


def test_award_levels_in_order_by_rank_then_score():
    levels = [
        Level(10, "top_n", top_n=1),
        Level(20, "top_n", top_n=3),
        Level(30, "min_score", min_score=D(80)),
    ]
    ranked = {
        1: (D(90), 1),
        2: (D(85), 2),
        3: (D(85), 2),
        4: (D(80), 4),
        5: (D(79), 5),
        6: (None, None),
    }
    assert rule_awards(ranked, levels) == {1: 10, 2: 20, 3: 20, 4: 30, 5: None, 6: None}


def test_a_tie_at_the_cut_off_is_awarded_in_full():
    ranked = {1: (D(90), 1), 2: (D(85), 2), 3: (D(85), 2), 4: (D(80), 4)}
    assert rule_awards(ranked, [Level(10, "top_n", top_n=2)]) == {1: 10, 2: 10, 3: 10, 4: None}


def test_a_tie_at_the_top_pushes_the_next_past_a_top_2_cut_off():
    ranked = {1: (D(90), 1), 2: (D(90), 1), 3: (D(80), 3)}
    levels = [Level(10, "top_n", top_n=1), Level(20, "top_n", top_n=2)]
    assert rule_awards(ranked, levels) == {1: 10, 2: 10, 3: None}


def test_decision_levels_are_never_given_by_rule():
    assert rule_awards({1: (D(99), 1)}, [Level(10, "decision")]) == {1: None}


def test_outcomes_of_a_small_round():
    # Nomination 1: totals 78.50, 100.00, 47.00 → trimmed 78.50
    # Nomination 2: totals 78.50 and 80.10 → 79.30 (two reviewers: nothing trimmed)
    # Nomination 3: no submitted sheet → no score, no rank
    sheets = {
        (1, 101): {1: D(8), 2: D(15), 3: D(4)},
        (1, 102): {1: D(10), 2: D(20), 3: D(5)},
        (1, 103): {1: D(5), 2: D(10), 3: D(2)},
        (2, 101): {1: D(8), 2: D(15), 3: D(4)},
        (2, 102): {1: D("7.5"), 2: D(17), 3: D("4.1")},  # 30 + 25.5 + 24.6 = 80.10
    }
    result = outcomes(
        sheets=sheets,
        nominations=[1, 2, 3],
        criteria=RUBRIC,
        levels=[Level(10, "top_n", top_n=1)],
        trimmed=True,
    )
    assert result[1].score == D("78.50") and result[1].reviewer_count == 3
    assert result[2].score == D("79.30") and result[2].reviewer_count == 2
    assert (result[2].rank, result[2].award) == (1, 10)
    assert (result[1].rank, result[1].award) == (2, None)
    assert (result[3].score, result[3].rank, result[3].award) == (None, None, None)


def test_replaying_the_log_keeps_the_last_value_of_submitted_sheets_only():
    events = [
        Event(1, 101, 1, D(5), False),
        Event(1, 101, 2, D(10), False),
        Event(1, 101, 3, D(2), False),
        Event(1, 101, 1, D(8), True),  # changed before submitting
        Event(1, 101, 2, D(15), True),
        Event(1, 101, 3, D(4), True),
        Event(1, 102, 1, D(9), False),  # a draft: not counted
        Event(1, 102, 2, D(9), False),
        Event(1, 102, 3, D(3), False),
    ]
    sheets = submitted_sheets_from_events(events, criteria=RUBRIC)
    assert sheets == {(1, 101): {1: D(8), 2: D(15), 3: D(4)}}
