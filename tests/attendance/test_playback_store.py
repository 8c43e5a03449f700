"""The Redis playback store: beats cost no database write, the row still catches up, and
losing Redis, racing beats or a password change never credit what the rules refuse."""

from attendance import playback
from attendance.models import LedgerEntry, PlaybackSession
from attendance.playback_store import PERSIST_EVERY_SECONDS, SessionSuperseded, store
from attendance.selectors import resume_position
from tests.services import needs_redis

from .test_heartbeats import DURATION, HeartbeatTestCase, RedisStoreMixin


class SignedInTests(HeartbeatTestCase):
    """Who may beat, checked without a user query per beat (both stores)."""

    def test_a_password_change_refuses_the_old_sessions_beats(self):
        session = self.start()["session"]
        seq = self.watch(session, 0, 30)
        self.parent.set_password("a-new-password-2026")
        self.parent.save()
        self.age(session, 10)
        response = self.beat(session, seq, [[30, 40]])
        self.assertEqual((response.status_code, response.json()["message"]), (401, "请先登录。"))
        self.assertEqual(self.recorded(session).covered_seconds, 30)

    def test_a_deactivated_account_earns_nothing(self):
        session = self.start()["session"]
        seq = self.watch(session, 0, 30)
        self.parent.is_active = False
        self.parent.save()
        self.age(session, 10)
        self.assertEqual(self.beat(session, seq, [[30, 40]]).status_code, 401)

    def test_no_user_query_once_verified(self):
        session = self.start()["session"]
        seq = self.watch(session, 0, 10)
        self.age(session, 10)
        with self.assertNumQueries(4):  # the row locked and updated in a transaction: no user
            self.assertEqual(self.beat(session, seq, [[10, 20]]).status_code, 200)


@needs_redis
class SignedInRedisTests(RedisStoreMixin, SignedInTests):
    def test_no_user_query_once_verified(self):
        session = self.start()["session"]
        seq = self.watch(session, 0, 10)
        self.age(session, 10)
        with self.assertNumQueries(0):  # no user, no row: Redis alone
            self.assertEqual(self.beat(session, seq, [[10, 20]]).status_code, 200)

    def test_even_the_first_beat_reads_no_row(self):
        with self.captureOnCommitCallbacks(execute=True):  # start puts the state in Redis
            session = self.start()["session"]
        self.age(session, 10)
        with self.assertNumQueries(0):  # the start verified the account, too
            self.assertEqual(self.beat(session, 1, [[0, 10]]).json()["covered"], 10)


@needs_redis
class RedisStoreTests(RedisStoreMixin, HeartbeatTestCase):
    def row(self, session_id) -> PlaybackSession:
        return PlaybackSession.objects.get(pk=session_id)

    def test_the_row_catches_up_every_minute_and_when_the_page_hides(self):
        session = self.start()["session"]
        seq = self.watch(session, 0, 30)
        self.assertEqual(self.row(session).covered_seconds, 0)  # Redis only, so far
        self.assertEqual(self.recorded(session).covered_seconds, 30)
        self.assertEqual(resume_position(user=self.parent, lesson=self.lesson), 30)
        seq = self.watch(session, 30, 30 + PERSIST_EVERY_SECONDS, first_seq=seq)
        self.assertGreaterEqual(self.row(session).covered_seconds, PERSIST_EVERY_SECONDS)
        seq = self.watch(session, 90, 100, first_seq=seq)
        self.age(session, 10)
        self.beat(session, seq, [[100, 110]], visible=False)  # hidden: credits nothing
        row = self.row(session)
        self.assertEqual((row.covered_seconds, row.last_seq), (100, seq))

    def test_the_lesson_counts_from_redis_and_the_row_says_so(self):
        session = self.start()["session"]
        self.watch(session, 0, 540)
        entry = LedgerEntry.objects.get()
        self.assertEqual(entry.evidence["playback_session"], session)
        row = self.row(session)
        self.assertEqual((row.credited, row.covered_seconds), (True, 540))

    def test_losing_redis_goes_on_from_the_row(self):
        session = self.start()["session"]
        self.watch(session, 0, 70)  # the row was written after a minute
        written = self.row(session)
        store().client.delete(store().key(session))
        self.watch(session, written.covered_seconds, DURATION, first_seq=written.last_seq + 1)
        self.assertEqual(LedgerEntry.objects.count(), 1)
        self.assertEqual(self.recorded(session).covered_seconds, DURATION)

    def test_a_beat_that_loses_a_race_is_applied_on_top_of_the_winner(self):
        session_id = self.start()["session"]
        self.age(session_id, 20)
        user_id = self.parent.pk
        first = playback.Beat(session_id, 1, [[0, 10]], 10, True, 1)
        second = playback.Beat(session_id, 2, [[10, 20]], 20, True, 1)
        raced = []

        def overlapping(session):
            if not raced:  # another beat lands between this one's read and its write
                raced.append(playback.playback_beat(user_id=user_id, beat=first))
                self.age(session_id, 10)
            return playback.apply_beat(session, user_id=user_id, beat=second)

        result = store().apply(session_id=session_id, change=overlapping)
        self.assertEqual((result.covered_seconds, result.last_seq), (20, 2))
        self.assertEqual(self.recorded(session_id).intervals, [[0, 20]])

    def test_only_the_state_that_wins_a_race_reaches_the_row(self):
        session_id = self.start()["session"]
        self.age(session_id, 20)
        user_id = self.parent.pk
        first = playback.Beat(session_id, 1, [[0, 10]], 10, True, 1)
        hidden = playback.Beat(session_id, 2, [[10, 20]], 20, False, 1)  # writes the row
        raced = []

        def overlapping(session):
            if not raced:
                raced.append(playback.playback_beat(user_id=user_id, beat=first))
                self.age(session_id, 10)
            return playback.apply_beat(session, user_id=user_id, beat=hidden)

        store().apply(session_id=session_id, change=overlapping)
        row = self.row(session_id)  # the winner's ten seconds, at the hidden beat's seq
        self.assertEqual((row.covered_seconds, row.last_seq), (10, 2))

    def test_a_start_elsewhere_refuses_a_beat_already_in_flight(self):
        session_id = self.start()["session"]
        self.age(session_id, 10)
        playback.playback_beat(
            user_id=self.parent.pk, beat=playback.Beat(session_id, 1, [[0, 10]], 10, True, 1)
        )
        self.age(session_id, 10)
        late = playback.Beat(session_id, 2, [[10, 20]], 20, True, 1)

        def superseded_meanwhile(session):
            store().supersede([session.pk])  # a start on another phone, mid-beat
            return playback.apply_beat(session, user_id=self.parent.pk, beat=late)

        with self.assertRaises(SessionSuperseded):
            store().apply(session_id=session_id, change=superseded_meanwhile)
        self.assertEqual(self.recorded(session_id).covered_seconds, 10)

    def test_a_new_session_carries_what_redis_holds(self):
        session = self.start()["session"]
        self.watch(session, 0, 40)
        again = self.start()
        self.assertEqual((again["covered"], again["resume"]), (40, 40))
        self.assertTrue(self.row(session).superseded)
        self.age(session, 10)
        self.assertEqual(self.beat(session, 5, [[40, 50]]).json()["error"], "superseded")
