"""Results: aggregate, decide awards, publish."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page
from wagtail.search import index

from courses.models import CoursePage, FeaturedCollectionPage, FeaturedItem
from parentschool.home.models import HomePage
from parentschool.pagecache import purge_all
from schools.models import DistrictPage

from .. import selectors
from ..exceptions import SelectionRefused
from ..models import AwardLevel, Phase, Result, SelectionRound
from .access import require_organiser


def _require_review_closed(round: SelectionRound) -> None:
    phase = round.phase()
    if phase == Phase.PUBLISHED:
        raise SelectionRefused(_("The results are already published."))
    if phase != Phase.DELIBERATING:
        raise SelectionRefused(_("Results can be computed once the review has closed."))


@transaction.atomic
def results_compute(*, round: SelectionRound, user: AbstractBaseUser) -> list[Result]:
    """Aggregate the submitted scores into one result per nomination (score, rank, award
    by rule). The organiser's own award decisions are kept."""
    require_organiser(user=user, round=round)
    _require_review_closed(round)
    outcomes = selectors.outcomes_from_scores(round=round)
    round.results.exclude(nomination_id__in=outcomes).delete()
    results = []
    for nomination_id, outcome in outcomes.items():
        result, _created = Result.objects.update_or_create(
            round=round,
            nomination_id=nomination_id,
            defaults={
                "score": outcome.score,
                "reviewer_count": outcome.reviewer_count,
                "rank": outcome.rank,
                "tied": outcome.tied,
                "rule_award_id": outcome.award,
            },
        )
        results.append(result)
    round.results_computed_at = timezone.now()
    round.save(update_fields=["results_computed_at"])
    return results


@transaction.atomic
def award_decide(
    *, result: Result, award: AwardLevel | None, follow_rule: bool, user: AbstractBaseUser
) -> Result:
    """The organiser's decision on one nomination's award (e.g. a tie at a cut-off):
    `award` (None: no award), or back to what the rules give with `follow_rule`."""
    round = result.round
    require_organiser(user=user, round=round)
    _require_review_closed(round)
    if award is not None and award.round_id != round.pk:
        raise SelectionRefused(_("This award belongs to another round."))
    result.decided = not follow_rule
    result.decided_award = None if follow_rule else award
    result.decided_by = None if follow_rule else user
    result.save(update_fields=["decided", "decided_award", "decided_by"])
    return result


@transaction.atomic
def round_publish(*, round: SelectionRound, user: AbstractBaseUser) -> SelectionRound:
    """Publish the results: the public results page opens, winning courses get the
    premium badge and join a featured collection of the round's region."""
    require_organiser(user=user, round=round)
    _require_review_closed(round)
    if round.results_computed_at is None:
        raise SelectionRefused(_("Compute the results before publishing them."))
    winners = [
        r.nomination.course_id
        for r in selectors.results_of(round=round)
        if r.award is not None and r.award.is_premium
    ]
    _mark_premium(course_ids=winners)
    round.collection = _winners_collection(round=round, course_ids=winners, user=user)
    round.status = SelectionRound.Status.PUBLISHED
    round.published_at = timezone.now()
    round.save(update_fields=["collection", "status", "published_at"])
    transaction.on_commit(purge_all)
    return round


def _mark_premium(*, course_ids: list[int]) -> None:
    # The live row gets the flag now; the latest revision too, so publishing a pending
    # draft later does not take the badge away.
    courses = CoursePage.objects.filter(pk__in=course_ids).select_related("latest_revision")
    courses.update(is_premium=True)
    for course in courses:
        revision = course.latest_revision
        if revision is not None and not revision.content.get("is_premium"):
            revision.content["is_premium"] = True
            revision.save(update_fields=["content"])
    transaction.on_commit(lambda: [index.insert_or_update_object(c) for c in courses.all()])


def _region_page(round: SelectionRound) -> Page | None:
    region = round.region
    if region.parent_id is None:
        return HomePage.objects.filter(region=region).first()
    return DistrictPage.objects.filter(region=region).first()


def _winners_collection(*, round, course_ids, user) -> FeaturedCollectionPage | None:
    parent = _region_page(round)
    if parent is None or not course_ids:
        return None
    ordered = sorted(course_ids, key=course_ids.index)
    collection = FeaturedCollectionPage(
        title=_("%(round)s: award-winning courses") % {"round": round.title},
        slug=f"selection-{round.pk}",
        kind=FeaturedCollectionPage.Kind.RECOMMENDED,
        starts_on=timezone.localdate(),
        priority=5,
        live=False,
    )
    collection.items = [FeaturedItem(course_id=c, sort_order=i) for i, c in enumerate(ordered)]
    parent.add_child(instance=collection)
    collection.save_revision(user=user, log_action=False).publish(user=user)
    return collection
