"""Heartbeats of the lesson player: start a playback session, then credit the unique
seconds each beat proves were played, at no more than normal speed, while the page was
visible, and never more than the server's clock allows. The lesson counts once the
family has covered 90% of it."""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import LessonPage
from families.models import Family

from . import intervals
from .models import LedgerEntry, PlaybackSession
from .playback_store import SessionRaced, SessionSuperseded, SessionUnknown, store
from .services import CreditRefused, calendar_for, ledger_append

COVERAGE_TO_COUNT = 0.9
# Network jitter between the player's clock and ours, allowed once per session.
CLOCK_SLACK_SECONDS = 2.0
MAX_RANGES_PER_BEAT = 20


class BeatRejected(Exception):
    """A beat that credits nothing; `code` is for the player, the message for people."""

    def __init__(self, code: str, message: str, status: int = 422):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Beat:
    session_id: uuid.UUID
    seq: int
    ranges: list[list[float]]
    position: float
    visible: bool
    rate: float


def lesson_duration(lesson: LessonPage) -> float:
    video = lesson.video
    if video is not None and video.duration:
        return float(video.duration)
    return float(lesson.duration_minutes * 60)


def playable_lesson(*, lesson_id: int) -> LessonPage | None:
    """Only live, publicly viewable lessons earn credit: not drafts, not private ones."""
    return LessonPage.objects.live().public().select_related("video").filter(pk=lesson_id).first()


@transaction.atomic
def playback_start(
    *, user: AbstractBaseUser, family: Family, lesson: LessonPage
) -> PlaybackSession:
    """Open a playback session for `user` on `lesson`, superseding any earlier one (one
    playback at a time per account and lesson) and carrying its played seconds over."""
    earlier = PlaybackSession.objects.select_for_update().filter(user=user, lesson=lesson)
    open_ids = list(earlier.filter(superseded=False).values_list("pk", flat=True))
    # Refuse the old sessions' beats first, so none lands after its seconds are carried.
    store().supersede(open_ids)
    previous = store().overlay(list(earlier.order_by("-last_beat_at")[:1]))
    previous = previous[0] if previous else None
    earlier.filter(pk__in=open_ids).update(superseded=True)
    now = timezone.now()
    session = PlaybackSession.objects.create(
        user=user,
        family=family,
        lesson=lesson,
        duration=lesson_duration(lesson),
        intervals=previous.intervals if previous else [],
        covered_seconds=previous.covered_seconds if previous else 0,
        position=previous.position if previous else 0,
        credited=previous.credited if previous else False,
        started_at=now,
        last_beat_at=now,
    )
    transaction.on_commit(lambda: store().opened([session]))
    return session


def _check_ranges(beat: Beat, session: PlaybackSession) -> float:
    """The seconds the beat claims, after checking each range lies inside the video."""
    claimed = 0.0
    for start, end in beat.ranges:
        if not (0 <= start < end <= session.duration + 1):
            raise BeatRejected("out_of_range", _("A played range lies outside the video."))
        claimed += end - start
    return claimed


def _check_clock(beat: Beat, session: PlaybackSession, now: datetime.datetime) -> float:
    claimed = _check_ranges(beat, session)
    since_last = (now - session.last_beat_at).total_seconds()
    since_start = (now - session.started_at).total_seconds()
    if claimed > since_last + CLOCK_SLACK_SECONDS or (
        session.claimed_seconds + claimed > since_start + CLOCK_SLACK_SECONDS
    ):
        raise BeatRejected(
            "faster_than_real_time",
            _("More was played than the time that has passed; nothing was credited."),
        )
    return claimed


def _not_yours() -> BeatRejected:
    return BeatRejected("unknown_session", _("This playback session is not yours."), 403)


def _replayed() -> BeatRejected:
    return BeatRejected(
        "replayed", _("This heartbeat was already received or arrived out of order."), 409
    )


def _check_order(*, session: PlaybackSession, user_id: int, beat: Beat) -> None:
    if session.user_id != user_id:
        raise _not_yours()
    if beat.seq <= session.last_seq:
        raise _replayed()


def apply_beat(session: PlaybackSession, *, user_id: int, beat: Beat) -> bool:
    """Apply one heartbeat to `session` in memory (the store saves it). A rejected beat
    raises before changing anything; an accepted one adds only seconds never played
    before, and writes the ledger entry when coverage reaches 90%. True when the store
    should write the row now: the lesson just counted, or the page was hidden."""
    _check_order(session=session, user_id=user_id, beat=beat)
    if beat.rate > 1.0:
        raise BeatRejected("too_fast", _("Only playback at normal speed counts."))
    now = timezone.now()
    claimed = _check_clock(beat, session, now) if beat.visible else 0.0
    if claimed:
        ranges = [[max(0.0, s), min(session.duration, e)] for s, e in beat.ranges]
        session.intervals = intervals.merge(session.intervals, ranges)
        session.covered_seconds = intervals.total(session.intervals)
        session.claimed_seconds += claimed
    session.position = min(max(0.0, beat.position), session.duration)
    session.last_seq = beat.seq
    session.last_beat_at = now
    if not session.credited and session.covered_seconds >= COVERAGE_TO_COUNT * session.duration:
        session.credited = _credit_lesson(session)
        return True
    return not beat.visible


def playback_beat(*, user_id: int, beat: Beat) -> PlaybackSession:
    """Apply one heartbeat of the account `user_id` through the configured store. What
    was recorded before a rejected beat stays as it was."""
    try:
        return store().apply(
            session_id=beat.session_id,
            change=lambda session: apply_beat(session, user_id=user_id, beat=beat),
        )
    except SessionUnknown:
        raise _not_yours() from None
    except SessionSuperseded:
        raise BeatRejected(
            "superseded",
            _("This lesson is now playing in another window; this one no longer counts."),
            409,
        ) from None
    except SessionRaced:
        raise _replayed() from None


def _credit_lesson(session: PlaybackSession) -> bool:
    lesson = session.lesson
    try:
        school_year, semester = calendar_for(family=session.family)
    except CreditRefused:
        return False  # no calendar yet: the coverage is kept and counts once there is one
    ledger_append(
        family=session.family,
        school_year=school_year,
        semester=semester,
        source=LedgerEntry.Source.ONLINE_LESSON,
        key=f"lesson:{session.family_id}:{lesson.pk}:{school_year.pk}",
        created_by=session.user,
        class_hours=Decimal(lesson.class_hours),
        minutes=round(session.duration / 60),
        sessions=1,
        lesson=lesson,
        evidence={
            "playback_session": str(session.pk),
            "covered_seconds": round(session.covered_seconds, 1),
            "duration": session.duration,
            "intervals": session.intervals,
        },
    )
    return True
