"""The scoring math, free of the database so it can be checked by hand.

- A reviewer's total for a nomination is the weighted share of full marks, out of 100:
  100 × Σ(weightᵢ × scoreᵢ / maxᵢ) / Σ weightᵢ, rounded half up to 0.01.
- A nomination's score is the mean of its submitted totals, rounded the same way. With
  `trimmed` and at least three totals, one highest and one lowest are dropped first.
- Ranking is competition ranking on the rounded scores (1, 2, 2, 4): equal scores share a
  rank, and the next rank skips as many places as were shared. No score, no rank.
- Award levels are handed out in order; each takes the ranked nominations its rule admits
  that no earlier level took. A top-N rule admits every rank ≤ N, so a tie at the cut-off
  is awarded in full (ranks 1, 2, 2 all get a "top 2" award). The organiser can decide
  otherwise for any nomination; that decision is stored beside the rule's outcome.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Criterion:
    pk: int
    weight: Decimal
    max_score: Decimal


@dataclass(frozen=True)
class Level:
    pk: int
    rule: str  # "top_n", "min_score" or "decision", as AwardLevel.Rule
    top_n: int | None = None
    min_score: Decimal | None = None


@dataclass(frozen=True)
class Outcome:
    score: Decimal | None
    reviewer_count: int
    rank: int | None
    tied: bool
    award: int | None  # a Level pk


@dataclass(frozen=True)
class Event:
    """One logged score change (a ScoreEvent, without the database)."""

    nomination: int
    reviewer: int
    item: int
    value: Decimal
    submitted: bool


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def weighted_total(*, values: Mapping[int, Decimal], criteria: list[Criterion]) -> Decimal:
    """One reviewer's total out of 100 from their score on each criterion."""
    total_weight = sum(c.weight for c in criteria)
    earned = sum(c.weight * values[c.pk] / c.max_score for c in criteria)
    return _round(HUNDRED * earned / total_weight)


def mean_score(totals: list[Decimal], *, trimmed: bool) -> Decimal | None:
    """The mean of the reviewers' totals; trimmed of one highest and one lowest when asked
    and there are at least three."""
    if not totals:
        return None
    counted = sorted(totals)
    if trimmed and len(counted) >= 3:
        counted = counted[1:-1]
    return _round(sum(counted) / len(counted))


def competition_ranks(scores: Mapping[int, Decimal | None]) -> dict[int, tuple[int | None, bool]]:
    """(rank, tied) per key: 1, 2, 2, 4 for 90, 85, 85, 80. Keys without a score get None."""
    ordered = sorted((s for s in scores.values() if s is not None), reverse=True)
    first_place = {}
    for place, score in enumerate(ordered, start=1):
        first_place.setdefault(score, place)
    counts = {score: ordered.count(score) for score in first_place}
    return {
        key: (first_place[s], counts[s] > 1) if s is not None else (None, False)
        for key, s in scores.items()
    }


def rule_awards(
    ranked: Mapping[int, tuple[Decimal | None, int | None]], levels: list[Level]
) -> dict[int, int | None]:
    """The award level each key earns by rule, from its (score, rank)."""
    awards: dict[int, int | None] = dict.fromkeys(ranked)
    for level in levels:
        for key, (score, rank) in ranked.items():
            if awards[key] is not None or rank is None:
                continue
            if (level.rule == "top_n" and level.top_n and rank <= level.top_n) or (
                level.rule == "min_score"
                and level.min_score is not None
                and score >= level.min_score
            ):
                awards[key] = level.pk
    return awards


def outcomes(
    *,
    sheets: Mapping[tuple[int, int], Mapping[int, Decimal]],
    nominations: Iterable[int],
    criteria: list[Criterion],
    levels: list[Level],
    trimmed: bool,
) -> dict[int, Outcome]:
    """Everything a round's results hold, from its submitted sheets keyed by
    (nomination, reviewer)."""
    totals: dict[int, list[Decimal]] = {n: [] for n in nominations}
    for (nomination, _reviewer), values in sheets.items():
        totals[nomination].append(weighted_total(values=values, criteria=criteria))
    scores = {n: mean_score(t, trimmed=trimmed) for n, t in totals.items()}
    ranks = competition_ranks(scores)
    awards = rule_awards({n: (scores[n], ranks[n][0]) for n in scores}, levels)
    return {
        n: Outcome(scores[n], len(totals[n]), ranks[n][0], ranks[n][1], awards[n]) for n in scores
    }


def submitted_sheets_from_events(
    events: Iterable[Event], *, criteria: list[Criterion]
) -> dict[tuple[int, int], dict[int, Decimal]]:
    """Replay the log: the last value of each item, for sheets whose every item was last
    written by a submission."""
    latest: dict[tuple[int, int], dict[int, Event]] = {}
    for event in events:
        latest.setdefault((event.nomination, event.reviewer), {})[event.item] = event
    wanted = {c.pk for c in criteria}
    return {
        key: {item: e.value for item, e in by_item.items()}
        for key, by_item in latest.items()
        if set(by_item) >= wanted and all(by_item[i].submitted for i in wanted)
    }
