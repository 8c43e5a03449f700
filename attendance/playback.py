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
from .services import CreditRefused, calendar_for, ledger_append

COVERAGE_TO_COUNT = 0.9
# Network jitter between the player's clock and ours, allowed once per session.
CLOCK_SLACK_SECONDS = 2.0
MAX_RANGES_PER_BEAT = 20
BEAT_FIELDS = [
    "intervals",
    "covered_seconds",
    "claimed_seconds",
    "position",
    "last_seq",
    "last_beat_at",
    "credited",
]


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
    previous = (
        PlaybackSession.objects.select_for_update()
        .filter(user=user, lesson=lesson)
        .order_by("-last_beat_at")
        .first()
    )
    PlaybackSession.objects.filter(user=user, lesson=lesson, superseded=False).update(
        superseded=True
    )
    now = timezone.now()
    return PlaybackSession.objects.create(
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


def _load_session(*, user: AbstractBaseUser, beat: Beat) -> PlaybackSession:
    session = PlaybackSession.objects.select_for_update().filter(pk=beat.session_id).first()
    if session is None or session.user_id != user.pk:
        raise BeatRejected("unknown_session", _("This playback session is not yours."), 403)
    if session.superseded:
        raise BeatRejected(
            "superseded",
            _("This lesson is now playing in another window; this one no longer counts."),
            409,
        )
    if beat.seq <= session.last_seq:
        raise BeatRejected(
            "replayed", _("This heartbeat was already received or arrived out of order."), 409
        )
    return session


@transaction.atomic
def playback_beat(*, user: AbstractBaseUser, beat: Beat) -> PlaybackSession:
    """Apply one heartbeat. A rejected beat changes nothing, so what was recorded before
    stays; an accepted one adds only seconds never played before."""
    session = _load_session(user=user, beat=beat)
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
    session.save(update_fields=BEAT_FIELDS)
    return session


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
