"""Joint broadcasts: shown during their window at every school, district and home page of
the round's region, never outside it; cached anonymous pages follow the window."""

import datetime

from django.core.cache import cache
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from parentschool.pagecache import current_generation
from schools.models import Region, School
from selection import selectors, services
from selection.exceptions import SelectionRefused
from selection.models import Broadcast, BroadcastItem
from selection.tasks import purge_pages_at_broadcast_edge

from .rounds import build_selection_city, published_round

HOUR = datetime.timedelta(hours=1)
TITLE = "全市精品课程联合展播"


class BroadcastTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.city = build_selection_city()
        cls.nominations = published_round(cls.city)

    def schedule(self, *, starts, ends, courses=("a", "b")):
        with self.captureOnCommitCallbacks(execute=True):
            return services.broadcast_schedule(
                round=self.city["round"],
                title=TITLE,
                courses=[self.nominations[k].course for k in courses],
                starts_at=timezone.now() + starts,
                ends_at=timezone.now() + ends,
                user=self.city["editor"],
            )

    def test_shown_during_the_window_only(self):
        self.schedule(starts=HOUR, ends=3 * HOUR)
        school = self.city["school_b"]
        now = timezone.now()
        self.assertEqual(selectors.live_broadcasts(now=now, school=school), [])
        running = selectors.live_broadcasts(now=now + 2 * HOUR, school=school)
        self.assertEqual([b.title for b in running], [TITLE])
        self.assertEqual([c.title for c in running[0].courses], ["a校亲子阅读课", "b校亲子阅读课"])
        self.assertEqual(selectors.live_broadcasts(now=now + 3 * HOUR, school=school), [])

    def test_every_page_of_the_region_shows_it_and_its_lessons_are_ordinary_lessons(self):
        self.schedule(starts=-HOUR, ends=24 * HOUR)
        for key in ("home", "district_a", "district_b", "school_page_a", "school_page_b"):
            page = self.client.get(self.city[key].url)
            self.assertContains(page, "联合展播", msg_prefix=key)
            self.assertContains(page, TITLE, msg_prefix=key)
        lesson = self.nominations["b"].course.get_children().live().public().first()
        self.assertEqual(self.client.get(lesson.url).status_code, 200)

    def test_a_district_broadcast_stays_in_its_district(self):
        broadcast = Broadcast.objects.create(
            title="a区展播",
            region=self.city["school_a"].region,
            starts_at=timezone.now() - HOUR,
            ends_at=timezone.now() + HOUR,
        )
        BroadcastItem.objects.create(broadcast=broadcast, course=self.nominations["a"].course)
        now = timezone.now()
        self.assertEqual(len(selectors.live_broadcasts(now=now, school=self.city["school_a"])), 1)
        self.assertEqual(selectors.live_broadcasts(now=now, school=self.city["school_b"]), [])
        self.assertEqual(selectors.live_broadcasts(now=now, region=self.city["city"]), [])
        self.assertNotContains(self.client.get(self.city["school_page_b"].url), "a区展播")

    def test_another_citys_schools_never_see_it(self):
        self.schedule(starts=-HOUR, ends=HOUR)
        other_city = Region.objects.create(name="邻市", kind="city", code="990800")
        district = Region.objects.create(
            name="邻区", kind="district", parent=other_city, code="990801"
        )
        school = School.objects.create(
            region=district, name="邻市小学", stages=["primary"], code="99080101"
        )
        self.assertEqual(selectors.live_broadcasts(now=timezone.now(), school=school), [])

    def test_only_published_winners_in_a_real_window(self):
        with self.assertRaisesMessage(SelectionRefused, "只能展播本次评选的获奖课程"):
            self.schedule(starts=-HOUR, ends=HOUR, courses=("a", "a2"))
        with self.assertRaisesMessage(SelectionRefused, "结束时间必须晚于开始时间"):
            self.schedule(starts=HOUR, ends=-HOUR)
        with self.assertRaisesMessage(SelectionRefused, "组织者"):
            services.broadcast_schedule(
                round=self.city["round"],
                title=TITLE,
                courses=[self.nominations["a"].course],
                starts_at=timezone.now(),
                ends_at=timezone.now() + HOUR,
                user=self.city["school_admin_a"],
            )
        self.assertFalse(Broadcast.objects.exists())

    def test_the_page_cache_is_purged_at_each_edge_of_the_window(self):
        broadcast = self.schedule(starts=HOUR, ends=3 * HOUR)
        queued = DBTaskResult.objects.filter(task_path__endswith="purge_pages_at_broadcast_edge")
        self.assertEqual(
            sorted(queued.values_list("run_after", flat=True)),
            [broadcast.starts_at, broadcast.ends_at],
        )
        before = current_generation()
        self.assertTrue(purge_pages_at_broadcast_edge.call(broadcast.pk))
        self.assertEqual(current_generation(), before + 1)
        self.assertFalse(purge_pages_at_broadcast_edge.call(0))  # deleted since: nothing to do


@override_settings(PAGE_CACHE_SECONDS=600)
class CachedPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.city = build_selection_city()
        cls.nominations = published_round(cls.city)

    def setUp(self):
        cache.clear()

    def test_a_cached_school_page_shows_a_broadcast_once_scheduled(self):
        url = self.city["school_page_b"].url
        self.assertEqual(self.client.get(url)["X-Page-Cache"], "miss")
        self.assertNotContains(self.client.get(url), TITLE)
        with self.captureOnCommitCallbacks(execute=True):
            services.broadcast_schedule(
                round=self.city["round"],
                title=TITLE,
                courses=[self.nominations["a"].course],
                starts_at=timezone.now() - HOUR,
                ends_at=timezone.now() + HOUR,
                user=self.city["editor"],
            )
        page = self.client.get(url)
        self.assertEqual(page["X-Page-Cache"], "miss")
        self.assertContains(page, TITLE)
