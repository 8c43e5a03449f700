"""Online lessons: only unique seconds really played, at normal speed, while visible and
within the server's clock, count; 90% coverage counts the lesson once."""

import datetime
import json
import uuid
from unittest import mock

import redis
from django.conf import settings
from django.test import TestCase, override_settings
from django.utils import timezone

from attendance.models import LedgerEntry, PlaybackSession
from attendance.playback_store import store
from attendance.selectors import resume_position
from courses.models import LessonPage
from tests.services import needs_redis

from .world import add_parent, build_world

START = "/zh-hans/attendance/api/playback/start/"
BEAT = "/zh-hans/attendance/api/playback/beat/"
DURATION = 600  # the test lessons last ten minutes and have no video


class HeartbeatTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.lesson = cls.world["lesson"]
        cls.parent = cls.world["parent_a"]

    def setUp(self):
        self.client.force_login(self.parent)
        # The server's clock, moved on by age(); everything else in a beat is real.
        self.now = timezone.now()
        clock = mock.patch("django.utils.timezone.now", side_effect=lambda: self.now)
        clock.start()
        self.addCleanup(clock.stop)

    def post(self, url, data, client=None):
        client = client or self.client
        return client.post(url, json.dumps(data), content_type="application/json")

    def start(self, lesson=None, client=None) -> dict:
        response = self.post(START, {"lesson": (lesson or self.lesson).pk}, client)
        return response.json()

    def age(self, session_id: str, seconds: float) -> None:
        """Let `seconds` pass on the server's clock."""
        self.now += datetime.timedelta(seconds=seconds)

    def recorded(self, session_id: str) -> PlaybackSession:
        """The session as the store holds it (Redis may be ahead of the row)."""
        return store().overlay([PlaybackSession.objects.get(pk=session_id)])[0]

    def beat(self, session_id, seq, ranges, client=None, **fields):
        data = {"session": session_id, "seq": seq, "ranges": ranges, "position": 0} | fields
        return self.post(BEAT, data, client)

    def watch(self, session_id: str, start: float, end: float, first_seq: int = 1) -> int:
        """Play [start, end) in honest ten-second beats; returns the next seq."""
        seq = first_seq
        for t in range(int(start), int(end), 10):
            self.age(session_id, 10)
            response = self.beat(session_id, seq, [[t, t + 10]], position=t + 10)
            self.assertEqual(response.status_code, 200, response.content)
            seq += 1
        return seq


class HonestViewingTests(HeartbeatTestCase):
    def test_watching_ninety_percent_counts_the_lesson_once(self):
        session = self.start()["session"]
        self.watch(session, 0, 530)
        self.assertFalse(LedgerEntry.objects.exists())
        self.watch(session, 530, 540, first_seq=54)
        entry = LedgerEntry.objects.get()
        self.assertEqual(
            (entry.family, entry.lesson_id, entry.sessions, entry.source),
            (self.world["family_a"], self.lesson.pk, 1, "online"),
        )
        self.assertEqual(entry.class_hours, self.lesson.class_hours)
        self.assertEqual(entry.evidence["covered_seconds"], 540)
        self.assertEqual(entry.created_by, self.parent)

    def test_watching_again_never_counts_twice(self):
        session = self.start()["session"]
        self.watch(session, 0, DURATION)
        again = self.start()
        self.assertTrue(again["credited"])
        self.watch(again["session"], 0, DURATION)
        # Another guardian of the same family watching it adds nothing either.
        other_user, _ = add_parent("second_parent", self.world["class_a"])
        other_user.guardian.family = self.world["family_a"]
        other_user.guardian.save()
        self.client.force_login(other_user)
        self.watch(self.start()["session"], 0, DURATION)
        self.assertEqual(LedgerEntry.objects.count(), 1)

    def test_unique_seconds_count_not_the_playhead(self):
        session = self.start()["session"]
        seq = self.watch(session, 0, 100)
        # Re-watching the same minute and a half adds no coverage.
        seq = self.watch(session, 0, 100, first_seq=seq)
        response = self.beat(session, seq, [], position=100)
        self.assertEqual(response.json()["covered"], 100)

    def test_coverage_carries_over_to_the_next_session_and_resume(self):
        session = self.start()["session"]
        self.watch(session, 0, 300)
        self.assertEqual(resume_position(user=self.parent, lesson=self.lesson), 300)
        again = self.start()
        self.assertEqual((again["covered"], again["resume"]), (300, 300))
        self.watch(again["session"], 300, 540)
        self.assertEqual(LedgerEntry.objects.count(), 1)

    def test_hidden_page_earns_nothing_but_keeps_the_session(self):
        session = self.start()["session"]
        self.age(session, 10)
        response = self.beat(session, 1, [[0, 10]], visible=False)
        self.assertEqual((response.status_code, response.json()["covered"]), (200, 0))

    def test_beacon_with_form_encoded_payload(self):
        session = self.start()["session"]
        self.age(session, 10)
        payload = json.dumps({"session": session, "seq": 1, "ranges": [[0, 10]]})
        response = self.client.post(BEAT, {"payload": payload})
        self.assertEqual(response.json()["covered"], 10)


class ForgedBeatTests(HeartbeatTestCase):
    """Each forgery is refused with a clear answer, and what was recorded stays."""

    def setUp(self):
        super().setUp()
        self.session = self.start()["session"]
        self.next_seq = self.watch(self.session, 0, 60)

    def assertRefused(self, response, code, status=422):
        self.assertEqual(response.status_code, status, response.content)
        body = response.json()
        self.assertEqual((body["ok"], body["error"]), (False, code))
        self.assertTrue(body["message"])
        session = self.recorded(self.session)
        self.assertEqual(session.covered_seconds, 60)  # nothing lost, nothing added
        self.assertFalse(LedgerEntry.objects.exists())
        return body["message"]

    def test_position_jump_to_the_end(self):
        self.age(self.session, 10)
        message = self.assertRefused(
            self.beat(self.session, self.next_seq, [[60, 600]]), "faster_than_real_time"
        )
        self.assertIn("播放的时长超过了实际经过的时间", message)

    def test_faster_than_real_time_by_many_small_beats(self):
        self.age(self.session, 5)
        self.assertEqual(self.beat(self.session, self.next_seq, [[60, 66]]).status_code, 200)
        response = self.beat(self.session, self.next_seq + 1, [[66, 75]])
        self.assertEqual(response.json()["error"], "faster_than_real_time")

    def test_playback_rate_above_normal(self):
        self.age(self.session, 10)
        message = self.assertRefused(
            self.beat(self.session, self.next_seq, [[60, 70]], rate=2), "too_fast"
        )
        self.assertIn("正常速度", message)

    def test_replayed_beat(self):
        self.age(self.session, 10)
        self.assertRefused(self.beat(self.session, self.next_seq - 1, [[60, 70]]), "replayed", 409)

    def test_reordered_beat(self):
        self.age(self.session, 20)
        self.assertEqual(self.beat(self.session, self.next_seq + 1, []).status_code, 200)
        self.assertRefused(self.beat(self.session, self.next_seq, [[60, 70]]), "replayed", 409)

    def test_another_familys_session(self):
        self.client.force_login(self.world["parent_b"])
        self.age(self.session, 10)
        message = self.assertRefused(
            self.beat(self.session, self.next_seq, [[60, 70]]), "unknown_session", 403
        )
        self.assertIn("不是您的", message)

    def test_superseded_session(self):
        newer = self.start()["session"]
        self.age(self.session, 10)
        self.assertRefused(self.beat(self.session, self.next_seq, [[60, 70]]), "superseded", 409)
        self.assertNotEqual(newer, self.session)

    def test_range_outside_the_video(self):
        self.age(self.session, 10)
        self.assertRefused(self.beat(self.session, self.next_seq, [[-5, 5]]), "out_of_range")

    def test_malformed_beat(self):
        response = self.client.post(BEAT, "not json", content_type="application/json")
        self.assertEqual(response.json()["error"], "bad_request")
        self.assertRefused(self.beat(self.session, "x", [[60, 70]]), "bad_request", 400)
        self.assertRefused(self.beat(self.session, self.next_seq, [[60]]), "bad_request", 400)


class WhoMayPlayTests(HeartbeatTestCase):
    def test_lesson_the_family_cannot_see(self):
        draft = LessonPage.objects.descendant_of(self.world["course_b"]).first()
        draft.unpublish()
        response = self.post(START, {"lesson": draft.pk})
        self.assertEqual(response.status_code, 404)
        self.assertIn("不能计入学时", response.json()["message"])

    def test_private_lesson(self):
        from wagtail.models import PageViewRestriction

        lesson = LessonPage.objects.descendant_of(self.world["course_b"]).last()
        PageViewRestriction.objects.create(page=lesson, restriction_type="login")
        self.assertEqual(self.post(START, {"lesson": lesson.pk}).status_code, 404)

    def test_other_schools_public_lesson_counts(self):
        lesson = LessonPage.objects.descendant_of(self.world["course_b"]).first()
        self.assertEqual(self.post(START, {"lesson": lesson.pk}).status_code, 200)

    def test_staff_without_family(self):
        self.client.force_login(self.world["teacher_a"])
        response = self.post(START, {"lesson": self.lesson.pk})
        self.assertEqual(response.status_code, 403)
        self.assertIn("家长账号", response.json()["message"])

    def test_anonymous(self):
        self.client.logout()
        response = self.post(START, {"lesson": self.lesson.pk})
        self.assertEqual((response.status_code, response.json()["message"]), (401, "请先登录。"))
        self.assertEqual(self.post(BEAT, {"session": "x", "seq": 1}).status_code, 401)

    def test_csrf_is_enforced(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.parent)
        self.assertEqual(self.post(START, {"lesson": self.lesson.pk}, client).status_code, 403)


class StartRateLimitTests(HeartbeatTestCase):
    def test_the_31st_start_in_a_minute_is_refused_in_chinese(self):
        for _ in range(30):
            self.assertTrue(self.start()["ok"])
        response = self.post(START, {"lesson": self.lesson.pk})
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.json()["message"], "一分钟内开始播放的次数过多，请稍后再试。")
        sessions = PlaybackSession.objects.filter(user=self.parent).count()
        self.assertEqual(sessions, 30)  # the refused start wrote nothing

    def test_the_limit_is_per_account(self):
        from django.test import Client

        for _ in range(31):
            self.start()
        other = Client()
        other.force_login(self.world["parent_a2"])
        self.assertTrue(self.start(client=other)["ok"])


class RedisStoreMixin:
    """The same tests with playback state in Redis (attendance.playback_store.RedisStore)."""

    @classmethod
    def setUpClass(cls):
        cls.prefix = f"test:playback:{uuid.uuid4().hex}:"
        cls.redis_settings = override_settings(
            ATTENDANCE_PLAYBACK_STORE="redis",
            REDIS_URL=settings.TEST_REDIS_URL,
            ATTENDANCE_PLAYBACK_KEY_PREFIX=cls.prefix,
        )
        cls.redis_settings.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.redis_settings.disable()
        client = redis.Redis.from_url(settings.TEST_REDIS_URL)
        for key in client.scan_iter(f"{cls.prefix}*"):
            client.delete(key)


@needs_redis
class HonestViewingRedisTests(RedisStoreMixin, HonestViewingTests):
    pass


@needs_redis
class ForgedBeatRedisTests(RedisStoreMixin, ForgedBeatTests):
    pass


@needs_redis
class WhoMayPlayRedisTests(RedisStoreMixin, WhoMayPlayTests):
    pass
