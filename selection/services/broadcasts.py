"""Joint broadcasts: schedule premium courses for every school of a region."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from courses.models import CoursePage
from parentschool.pagecache import purge_all

from ..exceptions import SelectionRefused
from ..models import Broadcast, BroadcastItem, SelectionRound
from .access import require_organiser


@transaction.atomic
def broadcast_schedule(
    *,
    round: SelectionRound,
    title: str,
    courses: list[CoursePage],
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    user: AbstractBaseUser,
) -> Broadcast:
    """Show the round's award-winning courses on every school, district and home page of
    the round's region from `starts_at` to `ends_at`."""
    require_organiser(user=user, round=round)
    if not round.is_published:
        raise SelectionRefused(_("Publish the results before scheduling a broadcast."))
    if not courses:
        raise SelectionRefused(_("Choose at least one course to broadcast."))
    if ends_at <= starts_at:
        raise SelectionRefused(_("The broadcast must end after it starts."))
    awarded = {
        r.nomination.course_id
        for r in round.results.select_related("nomination", "rule_award", "decided_award")
        if r.award is not None
    }
    if any(course.pk not in awarded for course in courses):
        raise SelectionRefused(_("Only award-winning courses of this round can be broadcast."))
    broadcast = Broadcast.objects.create(
        title=title.strip() or round.title,
        round=round,
        region=round.region,
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=user,
    )
    BroadcastItem.objects.bulk_create(
        BroadcastItem(broadcast=broadcast, course=course, sort_order=i)
        for i, course in enumerate(courses)
    )
    _schedule_purges(broadcast)
    return broadcast


def _schedule_purges(broadcast: Broadcast) -> None:
    # Cached anonymous pages must show the broadcast when it starts and drop it when it
    # ends: purge now (it may already be running) and again at each edge of its window.
    from ..tasks import purge_pages_at_broadcast_edge

    def enqueue():
        purge_all()
        for moment in (broadcast.starts_at, broadcast.ends_at):
            purge_pages_at_broadcast_edge.using(run_after=moment).enqueue(broadcast.pk)

    transaction.on_commit(enqueue)


def purge_for_broadcast_edge(*, broadcast_id: int) -> bool:
    """Start a new page-cache generation because a broadcast starts or ends now."""
    if not Broadcast.objects.filter(pk=broadcast_id).exists():
        return False
    purge_all()
    return True
