"""Where the state of an open playback session lives between heartbeats.

`DatabaseStore` (the embedded default) locks the session's row for each beat. With Redis
configured, `RedisStore` keeps the hot state in a Redis hash and checks-and-sets it
atomically, so a beat costs two Redis round trips and no database write: 5,000 phones
beating every ten seconds are 500 writes a second that the database never sees. The
database row is still written when the lesson counts, when the page is hidden and at
least once a minute, so `resume_position`, 我的学习 and the ledger read it as before; at
most that minute of played seconds is lost if Redis loses its memory, and beats then go
on from the row.

Both stores apply the same `change` (playback.apply_beat), so every rule about what a
beat may credit holds whichever runs."""

from __future__ import annotations

import datetime
import functools
import json
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import PlaybackSession

# Fields a beat may change; the rest are fixed when the session starts.
BEAT_FIELDS = [
    "intervals",
    "covered_seconds",
    "claimed_seconds",
    "position",
    "last_seq",
    "last_beat_at",
    "credited",
]
STATE_FIELDS = [*BEAT_FIELDS, "user_id", "family_id", "lesson_id", "duration", "started_at"]
# How often the Redis store copies a session to its row while the page stays visible.
PERSIST_EVERY_SECONDS = 60
# A session nobody beats for this long is dropped from Redis (its row remains).
STATE_TTL_SECONDS = 6 * 3600
# Retries when two beats of one session race (the player sends one at a time, but a
# pagehide beacon may overlap a regular beat).
CAS_ATTEMPTS = 3

# Applies one beat to the session; True when the row should be written now (the lesson
# just counted, or the page was hidden and the viewer may be leaving).
Change = Callable[[PlaybackSession], bool]


class SessionUnknown(Exception):
    """No playback session with that id."""


class SessionSuperseded(Exception):
    """The session was replaced by a newer one of the same account and lesson."""


class SessionRaced(Exception):
    """Another beat of the session kept winning the race; this one changed nothing."""


class DatabaseStore:
    """The session row, locked for the length of each beat."""

    @transaction.atomic
    def apply(self, *, session_id: uuid.UUID, change: Change) -> PlaybackSession:
        session = PlaybackSession.objects.select_for_update().filter(pk=session_id).first()
        if session is None:
            raise SessionUnknown
        if session.superseded:
            raise SessionSuperseded
        change(session)
        session.save(update_fields=BEAT_FIELDS)
        return session

    def supersede(self, session_ids: Iterable[uuid.UUID]) -> None:
        """Nothing to do: the row's flag is the truth."""

    def opened(self, sessions: Iterable[PlaybackSession]) -> None:
        """Nothing to do: the row is the state."""

    def overlay(self, sessions: list[PlaybackSession]) -> list[PlaybackSession]:
        return sessions


class RedisStore:
    """A hash per session: `seq` (the last accepted beat), `state` (JSON of
    STATE_FIELDS) and `superseded`. A beat reads it, applies the change in Python and
    writes it back only if `seq` is still what it read."""

    # KEYS[1]: the session's hash. ARGV: the seq read ('' when the state came from the
    # row), the new seq, the new state, the TTL. Returns 1 written, 0 raced, -1 superseded.
    CHECK_AND_SET = """
        if redis.call('HGET', KEYS[1], 'superseded') then return -1 end
        local seq = redis.call('HGET', KEYS[1], 'seq')
        if ARGV[1] == '' then
            if seq then return 0 end
        elseif seq ~= ARGV[1] then
            return 0
        end
        redis.call('HSET', KEYS[1], 'seq', ARGV[2], 'state', ARGV[3])
        redis.call('EXPIRE', KEYS[1], ARGV[4])
        return 1
    """

    def __init__(self, url: str, prefix: str):
        import redis

        self.client = redis.Redis.from_url(url)
        self.prefix = prefix
        self.check_and_set = self.client.register_script(self.CHECK_AND_SET)

    def key(self, session_id) -> str:
        return f"{self.prefix}{session_id}"

    def apply(self, *, session_id: uuid.UUID, change: Change) -> PlaybackSession:
        for _ in range(CAS_ATTEMPTS):
            session, read_seq, persisted_at = self._load(session_id)
            urgent = change(session)
            now = timezone.now().timestamp()
            persist = urgent or now - persisted_at >= PERSIST_EVERY_SECONDS
            written = self.check_and_set(
                keys=[self.key(session_id)],
                args=[
                    read_seq,
                    session.last_seq,
                    _dump(session, now if persist else persisted_at),
                    STATE_TTL_SECONDS,
                ],
            )
            if written == 1:
                # Only the state that won goes to the row: a losing attempt written there
                # would carry this beat's seq without the winner's seconds, and the
                # retry's row write, at the same seq, would then be refused.
                if persist:
                    _save_row(session)
                return session
            if written == -1:
                raise SessionSuperseded
        raise SessionRaced

    def _load(self, session_id) -> tuple[PlaybackSession, str, float]:
        """The session, the seq it was read at ('' from the row) and when its row was
        last written."""
        key = self.key(session_id)
        seq, state, superseded = self.client.hmget(key, "seq", "state", "superseded")
        if superseded:
            raise SessionSuperseded
        if state is not None:
            state = json.loads(state)
            return _from_state(session_id, state), seq.decode(), state["persisted_at"]
        session = PlaybackSession.objects.filter(pk=session_id).first()
        if session is None:
            raise SessionUnknown
        if session.superseded:
            raise SessionSuperseded
        return session, "", timezone.now().timestamp()  # the row is the state: nothing to copy yet

    def opened(self, sessions: Iterable[PlaybackSession]) -> None:
        """Put new sessions' state in Redis, so even their first beat reads no row."""
        now = timezone.now().timestamp()
        pipe = self.client.pipeline(transaction=False)
        for session in sessions:
            key = self.key(session.pk)
            pipe.hset(key, mapping={"seq": session.last_seq, "state": _dump(session, now)})
            pipe.expire(key, STATE_TTL_SECONDS)
        pipe.execute()

    def supersede(self, session_ids: Iterable[uuid.UUID]) -> None:
        """Refuse every later beat of these sessions, even one already in flight."""
        pipe = self.client.pipeline(transaction=False)
        for session_id in session_ids:
            pipe.hset(self.key(session_id), "superseded", "1")
            pipe.expire(self.key(session_id), STATE_TTL_SECONDS)
        pipe.execute()

    def overlay(self, sessions: list[PlaybackSession]) -> list[PlaybackSession]:
        """The sessions with the newer state Redis holds for them, if any."""
        if not sessions:
            return sessions
        pipe = self.client.pipeline(transaction=False)
        for session in sessions:
            pipe.hget(self.key(session.pk), "state")
        for session, state in zip(sessions, pipe.execute(), strict=True):
            if state is not None:
                fresh = json.loads(state)
                if fresh["last_seq"] > session.last_seq:
                    _copy(fresh, session)
        return sessions


def _save_row(session: PlaybackSession) -> None:
    """Write the beat fields, never over a newer beat's."""
    values = {field: getattr(session, field) for field in BEAT_FIELDS}
    PlaybackSession.objects.filter(pk=session.pk, last_seq__lt=session.last_seq).update(**values)


def _dump(session: PlaybackSession, persisted_at: float) -> str:
    state = {field: getattr(session, field) for field in STATE_FIELDS}
    for field in ("started_at", "last_beat_at"):
        state[field] = state[field].timestamp()
    state["persisted_at"] = persisted_at
    return json.dumps(state)


def _copy(state: dict, session: PlaybackSession) -> None:
    for field in BEAT_FIELDS:
        value = state[field]
        if field == "last_beat_at":
            value = datetime.datetime.fromtimestamp(value, tz=datetime.UTC)
        setattr(session, field, value)


def _from_state(session_id, state: dict) -> PlaybackSession:
    session = PlaybackSession(
        id=uuid.UUID(str(session_id)),
        user_id=state["user_id"],
        family_id=state["family_id"],
        lesson_id=state["lesson_id"],
        duration=state["duration"],
        started_at=datetime.datetime.fromtimestamp(state["started_at"], tz=datetime.UTC),
    )
    _copy(state, session)
    session._state.adding = False
    session._state.db = "default"
    return session


@functools.cache
def _redis_store(url: str, prefix: str) -> RedisStore:
    return RedisStore(url, prefix)


def store() -> DatabaseStore | RedisStore:
    """The store settings choose: ATTENDANCE_PLAYBACK_STORE ("redis" or "database")."""
    if settings.ATTENDANCE_PLAYBACK_STORE == "redis":
        return _redis_store(settings.REDIS_URL, settings.ATTENDANCE_PLAYBACK_KEY_PREFIX)
    return DatabaseStore()
