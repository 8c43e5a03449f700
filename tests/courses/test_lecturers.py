"""Lecturer snippets are scoped by school: a teacher of school A lists, opens, edits,
deletes and chooses only school A's lecturers; editors work on every school below them
and on the lecturers their city or district owns. Wagtail answers 404 for a lecturer
out of scope, as it does for one that does not exist."""

from django.test import TestCase
from wagtail.search import index

from courses.models import CoursePage, Lecturer
from schools.models import Role
from schools.services import membership_grant
from tests.courses.tree import build_city
from tests.factories import UserFactory

ADMIN = "/admin/snippets/courses/lecturer"
CHOOSER = "/admin/snippets/choose/courses/lecturer"


def lecturer_form(name: str, **owner) -> dict:
    return {"name": name, "kind": "teacher", "title": "", "bio": "", **owner}


class LecturerScopeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = build_city()
        t = cls.t
        cls.lecturer_a = Lecturer.objects.create(
            name="甲校王老师", kind="teacher", school=t["school_a"]
        )
        cls.lecturer_b = Lecturer.objects.create(
            name="乙校李老师", kind="teacher", school=t["school_b"]
        )
        cls.city_expert = Lecturer.objects.create(
            name="市指导中心周老师", kind="expert", region=t["city"]
        )
        cls.district_a_expert = Lecturer.objects.create(
            name="a区指导中心赵老师", kind="expert", region=t["district_a"].region
        )
        cls.district_editor = UserFactory(username="editor_a")
        membership_grant(user=cls.district_editor, role=Role.EDITOR, region=t["district_a"].region)

    def setUp(self):
        self.client.force_login(self.t["teacher_a"])

    def listing(self) -> str:
        response = self.client.get(f"{ADMIN}/")
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def chooser(self) -> str:
        response = self.client.get(f"{CHOOSER}/")
        self.assertEqual(response.status_code, 200)
        return response.json()["html"]

    def test_teacher_lists_only_own_school_lecturers(self):
        listing = self.listing()
        self.assertIn("甲校王老师", listing)
        self.assertNotIn("乙校李老师", listing)
        self.assertNotIn("市指导中心周老师", listing)

    def test_teacher_searches_only_own_school_lecturers(self):
        for lecturer in (self.lecturer_a, self.lecturer_b):
            index.insert_or_update_object(lecturer)
        own = self.client.get(f"{ADMIN}/results/?q=甲校王老师").content.decode()
        other = self.client.get(f"{ADMIN}/results/?q=乙校李老师").content.decode()
        self.assertIn(f"edit/{self.lecturer_a.pk}/", own)
        self.assertNotIn(f"edit/{self.lecturer_b.pk}/", other)

    def test_teacher_cannot_open_any_page_of_other_school_lecturer(self):
        pk = self.lecturer_b.pk
        for url in (f"{ADMIN}/edit/{pk}/", f"{ADMIN}/delete/{pk}/", f"{ADMIN}/usage/{pk}/"):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.assertEqual(self.client.get(f"{ADMIN}/history/{pk}/").status_code, 404)
        # Copying is refused the Wagtail way: back to the dashboard, nothing of B shown.
        copy = self.client.get(f"{ADMIN}/copy/{pk}/")
        self.assertRedirects(copy, "/admin/", fetch_redirect_response=False)

    def test_teacher_cannot_change_or_delete_other_school_lecturer_by_post(self):
        pk = self.lecturer_b.pk
        edit = self.client.post(
            f"{ADMIN}/edit/{pk}/", lecturer_form("改名", school=self.t["school_a"].pk)
        )
        delete = self.client.post(f"{ADMIN}/delete/{pk}/")
        self.client.post(f"/admin/bulk/courses/lecturer/delete/?id={pk}")
        self.assertEqual((edit.status_code, delete.status_code), (404, 404))
        self.lecturer_b.refresh_from_db()
        self.assertEqual(self.lecturer_b.name, "乙校李老师")
        self.assertEqual(self.lecturer_b.school, self.t["school_b"])

    def test_teacher_edits_and_deletes_own_school_lecturer(self):
        pk = self.lecturer_a.pk
        self.assertEqual(self.client.get(f"{ADMIN}/edit/{pk}/").status_code, 200)
        response = self.client.post(
            f"{ADMIN}/edit/{pk}/",
            lecturer_form("甲校王老师（班主任）", school=self.t["school_a"].pk),
        )
        self.assertEqual(response.status_code, 302)
        self.lecturer_a.refresh_from_db()
        self.assertEqual(self.lecturer_a.name, "甲校王老师（班主任）")
        self.assertEqual(self.client.get(f"{ADMIN}/delete/{pk}/").status_code, 200)
        self.client.post(f"{ADMIN}/delete/{pk}/")
        self.assertFalse(Lecturer.objects.filter(pk=pk).exists())

    def test_teacher_chooses_only_own_school_lecturers(self):
        choices = self.chooser()
        self.assertIn("甲校王老师", choices)
        self.assertNotIn("乙校李老师", choices)
        self.assertNotIn("市指导中心周老师", choices)
        for lecturer in (self.lecturer_a, self.lecturer_b):
            index.insert_or_update_object(lecturer)
        own = self.client.get(f"{CHOOSER}/results/?q=甲校王老师").content.decode()
        other = self.client.get(f"{CHOOSER}/results/?q=乙校李老师").content.decode()
        self.assertIn(f"chosen/{self.lecturer_a.pk}/", own)
        self.assertNotIn(f"chosen/{self.lecturer_b.pk}/", other)
        self.assertEqual(
            self.client.get(f"{CHOOSER}/chosen/{self.lecturer_a.pk}/").status_code, 200
        )
        self.assertEqual(
            self.client.get(f"{CHOOSER}/chosen/{self.lecturer_b.pk}/").status_code, 404
        )

    def test_district_editor_works_on_schools_and_experts_below(self):
        self.client.force_login(self.district_editor)
        listing = self.listing()
        self.assertIn("甲校王老师", listing)
        self.assertIn("a区指导中心赵老师", listing)
        self.assertNotIn("乙校李老师", listing)
        self.assertNotIn("市指导中心周老师", listing)
        self.assertEqual(
            self.client.get(f"{ADMIN}/edit/{self.district_a_expert.pk}/").status_code, 200
        )
        self.assertEqual(self.client.get(f"{ADMIN}/edit/{self.city_expert.pk}/").status_code, 404)

    def test_city_editor_works_on_both_schools_and_every_expert(self):
        self.client.force_login(self.t["editor"])
        listing = self.listing()
        choices = self.chooser()
        for name in ("甲校王老师", "乙校李老师", "市指导中心周老师", "a区指导中心赵老师"):
            self.assertIn(name, listing)
            self.assertIn(name, choices)
        self.assertEqual(self.client.get(f"{ADMIN}/edit/{self.lecturer_b.pk}/").status_code, 200)


class LecturerCreateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = build_city()

    def setUp(self):
        self.client.force_login(self.t["teacher_a"])

    def test_teacher_form_offers_own_school_only_and_fills_it_in(self):
        response = self.client.get(f"{ADMIN}/add/")
        school = response.context["form"]["school"]
        self.assertEqual(list(school.field.queryset), [self.t["school_a"]])
        self.assertEqual(school.value(), self.t["school_a"].pk)

    def test_teacher_creates_lecturer_of_own_school(self):
        response = self.client.post(
            f"{ADMIN}/add/", lecturer_form("家长讲师徐娜", school=self.t["school_a"].pk)
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Lecturer.objects.get(name="家长讲师徐娜").school, self.t["school_a"])

    def test_crafted_post_with_other_school_is_refused_in_chinese(self):
        response = self.client.post(
            f"{ADMIN}/add/", lecturer_form("冒名讲师", school=self.t["school_b"].pk)
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "只能选择你所在的学校。")
        self.assertFalse(Lecturer.objects.filter(name="冒名讲师").exists())

    def test_crafted_post_with_a_region_is_ignored_for_a_teacher(self):
        self.client.post(
            f"{ADMIN}/add/",
            lecturer_form("甲校讲师", school=self.t["school_a"].pk, region=self.t["city"].pk),
        )
        lecturer = Lecturer.objects.get(name="甲校讲师")
        self.assertEqual((lecturer.school, lecturer.region), (self.t["school_a"], None))

    def test_lecturer_without_owner_is_refused_in_chinese(self):
        response = self.client.post(f"{ADMIN}/add/", lecturer_form("无主讲师"))
        self.assertContains(response, "请选择该讲师所属的学校或市/区县。")
        self.assertFalse(Lecturer.objects.filter(name="无主讲师").exists())

    def test_editor_cannot_give_a_lecturer_both_owners(self):
        self.client.force_login(self.t["editor"])
        response = self.client.post(
            f"{ADMIN}/add/",
            lecturer_form("两头讲师", school=self.t["school_a"].pk, region=self.t["city"].pk),
        )
        self.assertContains(response, "讲师只能属于一所学校或一个市/区县，不能同时属于两者。")
        self.assertFalse(Lecturer.objects.filter(name="两头讲师").exists())


class CourseLecturerTests(TestCase):
    """The course editor's lecturer field accepts only lecturers the user may see."""

    @classmethod
    def setUpTestData(cls):
        cls.t = build_city()
        cls.lecturer_a = Lecturer.objects.create(
            name="甲校王老师", kind="teacher", school=cls.t["school_a"]
        )
        cls.lecturer_b = Lecturer.objects.create(
            name="乙校李老师", kind="teacher", school=cls.t["school_b"]
        )

    def save_course(self, user, course, lecturer):
        self.client.force_login(user)
        data = {
            "title": course.title,
            "slug": course.slug,
            "summary": "简介",
            "grades": [g.pk for g in course.grades.all()],
            "topics": [t.pk for t in course.topics.all()],
            "lecturer": lecturer.pk,
            "action-submit": "1",
        }
        return self.client.post(f"/admin/pages/{course.pk}/edit/", data)

    def latest_lecturer_id(self, course):
        return CoursePage.objects.get(pk=course.pk).get_latest_revision_as_object().lecturer_id

    def test_crafted_post_with_other_school_lecturer_is_refused_in_chinese(self):
        course = self.t["course_a"]
        response = self.save_course(self.t["teacher_a"], course, self.lecturer_b)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "只能选择本校或本辖区的讲师。")
        self.assertIsNone(self.latest_lecturer_id(course))

    def test_teacher_sets_own_school_lecturer(self):
        course = self.t["course_a"]
        response = self.save_course(self.t["teacher_a"], course, self.lecturer_a)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.latest_lecturer_id(course), self.lecturer_a.pk)

    def test_a_lecturer_chosen_by_an_editor_survives_a_teacher_edit(self):
        course = self.t["course_a"]
        course.lecturer = self.lecturer_b
        course.save_revision().publish()
        response = self.save_course(self.t["teacher_a"], course, self.lecturer_b)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.latest_lecturer_id(course), self.lecturer_b.pk)
