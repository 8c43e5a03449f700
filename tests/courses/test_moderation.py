"""Teachers submit for moderation; their school's admin approves and publishes."""

from django.test import TestCase
from wagtail.models import Page, TaskState, WorkflowState

from tests.courses.tree import build_city


class ModerationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = build_city()

    def edit(self, user, page, action, title):
        self.client.force_login(user)
        data = {
            "title": title,
            "slug": page.slug,
            "summary": "新的简介",
            "grades": [g.pk for g in page.grades.all()],
            "topics": [t.pk for t in page.topics.all()],
            "attachments-TOTAL_FORMS": 0,
            "attachments-INITIAL_FORMS": 0,
            action: "1",
        }
        return self.client.post(f"/admin/pages/{page.pk}/edit/", data)

    def test_teacher_cannot_publish_directly(self):
        course = self.t["course_a"]
        self.edit(self.t["teacher_a"], course, "action-publish", "老师直接发布")
        self.assertNotEqual(Page.objects.get(pk=course.pk).title, "老师直接发布")

    def test_teacher_submits_and_own_school_admin_approves(self):
        course = self.t["course_a"]
        response = self.edit(self.t["teacher_a"], course, "action-submit", "亲子阅读课（修订）")
        self.assertEqual(response.status_code, 302)
        state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(course.pk))
        self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertIn("a区实验小学", state.workflow.name)
        task_state = state.current_task_state

        # The other school's admin may not approve it.
        self.client.force_login(self.t["school_admin_b"])
        self.client.post(
            f"/admin/pages/workflow/action/{course.pk}/approve/{task_state.pk}/", {"comment": ""}
        )
        task_state.refresh_from_db()
        self.assertEqual(task_state.status, TaskState.STATUS_IN_PROGRESS)

        self.client.force_login(self.t["school_admin_a"])
        self.client.post(
            f"/admin/pages/workflow/action/{course.pk}/approve/{task_state.pk}/",
            {"comment": "同意"},
        )
        course.refresh_from_db()
        self.assertEqual(course.title, "亲子阅读课（修订）")
        self.assertTrue(course.live)

    def test_school_admin_publishes_directly(self):
        course = self.t["course_a"]
        self.edit(self.t["school_admin_a"], course, "action-publish", "管理员发布")
        course.refresh_from_db()
        self.assertEqual(course.title, "管理员发布")
