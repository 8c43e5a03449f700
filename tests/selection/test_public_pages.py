"""The public results page opens on publication, for everyone, and not before."""

from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from courses.models import FeaturedCollectionPage

from .rounds import TIED_REVIEW, build_selection_city, published_round, run_review


def public_url(name, *args, language="zh-hans") -> str:
    with translation.override(language):
        return reverse(name, args=args)


class BeforePublicationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.city = build_selection_city()
        run_review(cls.city, TIED_REVIEW)

    def test_no_results_page_and_no_results_for_schools_before_publication(self):
        url = public_url("selection:results", self.city["round"].pk)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertNotContains(
            self.client.get(public_url("selection:index")), "测试市家庭教育精品课程评选"
        )
        self.client.force_login(self.city["school_admin_a"])
        page = self.client.get(reverse("selection_admin:round", args=[self.city["round"].pk]))
        self.assertNotContains(page, "79.30")
        self.assertNotContains(page, "一等奖")


class PublishedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.city = build_selection_city()
        cls.nominations = published_round(cls.city)

    def test_results_page_lists_winners_with_awards_ranks_and_ties_rule(self):
        self.client.logout()
        page = self.client.get(public_url("selection:results", self.city["round"].pk))
        self.assertContains(page, "获奖课程")
        self.assertContains(page, " 公布")  # the publication date, in Chinese
        self.assertContains(page, "一等奖")
        self.assertContains(page, "79.30 分")
        self.assertContains(page, '<span class="badge premium">精品</span>', html=False)
        self.assertContains(page, "得分相同的名次并列")
        index = self.client.get(public_url("selection:index"))
        self.assertContains(index, "测试市家庭教育精品课程评选")

    def test_english_results_page(self):
        page = self.client.get(
            public_url("selection:results", self.city["round"].pk, language="en")
        )
        self.assertContains(page, "Award-winning courses")

    def test_winners_are_featured_on_the_city_home_page(self):
        collection = FeaturedCollectionPage.objects.get(pk=self.city["round"].collection_id)
        home = self.client.get(self.city["home"].url)
        self.assertContains(home, collection.title)
        self.assertEqual(collection.title, "测试市家庭教育精品课程评选获奖课程")

    def test_school_admins_see_their_results_after_publication(self):
        self.client.force_login(self.city["school_admin_b"])
        page = self.client.get(reverse("selection_admin:round", args=[self.city["round"].pk]))
        self.assertContains(page, "二等奖")
        self.assertContains(page, "78.50")
        self.assertNotContains(page, "a校亲子阅读课")  # another school's row
