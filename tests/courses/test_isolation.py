"""Per-school isolation in the admin: a teacher of school A cannot see drafts of, edit,
move, copy, or choose media of school B. Editors work across their region."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from schools.access import school_collection
from tests.courses.tree import add_course, build_city


def chooser_html(client, url: str) -> str:
    """Choosers answer JSON with the modal's HTML inside."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.json()["html"]


class IsolationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.t = build_city()
        draft = cls.t["course_b"]
        draft.title = "B校未发布草稿课程"
        draft.save_revision()
        cls.secret_draft = add_course(cls.t["curriculum_b"], "B校尚未发布的新课", lessons=0)
        cls.secret_draft.unpublish()
        Image, Document = get_image_model(), get_document_model()
        cls.image_a = Image.objects.create(
            title="A校活动照片",
            file=get_test_image_file(),
            collection=school_collection(cls.t["school_a"]),
        )
        cls.image_b = Image.objects.create(
            title="B校活动照片",
            file=get_test_image_file(),
            collection=school_collection(cls.t["school_b"]),
        )
        cls.doc_b = Document.objects.create(
            title="B校家长须知",
            file=SimpleUploadedFile("b.txt", b"notice"),
            collection=school_collection(cls.t["school_b"]),
        )

    def setUp(self):
        self.client.force_login(self.t["teacher_a"])

    def test_teacher_edits_own_school_course(self):
        response = self.client.get(f"/admin/pages/{self.t['course_a'].pk}/edit/")
        self.assertEqual(response.status_code, 200)

    def test_teacher_cannot_open_other_school_course(self):
        response = self.client.get(f"/admin/pages/{self.t['course_b'].pk}/edit/")
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn("B校未发布草稿课程", response.content.decode())

    def test_teacher_cannot_save_other_school_course(self):
        course_b = self.t["course_b"]
        self.client.post(f"/admin/pages/{course_b.pk}/edit/", {"title": "改掉", "slug": "x"})
        self.assertNotEqual(
            Page.objects.get(pk=course_b.pk).get_latest_revision().object_str, "改掉"
        )

    def test_teacher_does_not_see_other_school_drafts_in_explorer_or_admin_api(self):
        for url in (
            f"/admin/pages/{self.t['curriculum_b'].pk}/",
            f"/admin/api/main/pages/?child_of={self.t['curriculum_b'].pk}",
            f"/admin/api/main/pages/{self.secret_draft.pk}/",
            "/admin/pages/search/?q=B校",
        ):
            body = self.client.get(url).content.decode()
            self.assertNotIn("B校尚未发布的新课", body, url)
            self.assertNotIn("B校未发布草稿课程", body, url)

    def test_teacher_cannot_move_pages_into_or_out_of_other_school(self):
        course_a, course_b = self.t["course_a"], self.t["course_b"]
        target_b = self.t["curriculum_b"]
        self.client.post(f"/admin/pages/{course_a.pk}/move/{target_b.pk}/confirm/")
        self.client.post(f"/admin/pages/{course_b.pk}/move/{self.t['curriculum_a'].pk}/confirm/")
        course_a.refresh_from_db()
        course_b.refresh_from_db()
        self.assertTrue(course_a.is_descendant_of(self.t["school_page_a"]))
        self.assertTrue(course_b.is_descendant_of(self.t["school_page_b"]))

    def test_teacher_cannot_copy_other_school_course_or_copy_into_it(self):
        before = Page.objects.count()
        self.client.post(
            f"/admin/pages/{self.t['course_b'].pk}/copy/",
            {
                "new_title": "抄来的",
                "new_slug": "copied",
                "new_parent_page": self.t["curriculum_a"].pk,
                "copy_subpages": "on",
            },
        )
        self.client.post(
            f"/admin/pages/{self.t['course_a'].pk}/copy/",
            {
                "new_title": "送过去",
                "new_slug": "sent",
                "new_parent_page": self.t["curriculum_b"].pk,
                "copy_subpages": "on",
            },
        )
        self.assertEqual(Page.objects.count(), before)

    def test_teacher_cannot_add_pages_in_other_school(self):
        url_a = f"/admin/pages/add/courses/coursepage/{self.t['curriculum_a'].pk}/"
        url_b = f"/admin/pages/add/courses/coursepage/{self.t['curriculum_b'].pk}/"
        self.assertEqual(self.client.get(url_a).status_code, 200)
        self.assertNotEqual(self.client.get(url_b).status_code, 200)

    def test_teacher_chooses_only_own_school_media(self):
        images = chooser_html(self.client, "/admin/images/chooser/")
        self.assertIn("A校活动照片", images)
        self.assertNotIn("B校活动照片", images)
        documents = chooser_html(self.client, "/admin/documents/chooser/")
        self.assertIn("文档", documents)  # the chooser itself rendered
        self.assertNotIn("B校家长须知", documents)
        self.assertNotEqual(self.client.get(f"/admin/images/{self.image_b.pk}/").status_code, 200)

    def test_teacher_cannot_reach_shared_curricula_for_editing(self):
        response = self.client.get(f"/admin/pages/{self.t['shared_course'].pk}/edit/")
        self.assertNotEqual(response.status_code, 200)

    def test_city_editor_edits_shared_and_school_courses(self):
        self.client.force_login(self.t["editor"])
        for page in (self.t["shared_course"], self.t["course_a"], self.t["course_b"]):
            response = self.client.get(f"/admin/pages/{page.pk}/edit/")
            self.assertEqual(response.status_code, 200, page.title)
        images = chooser_html(self.client, "/admin/images/chooser/")
        self.assertIn("B校活动照片", images)
        self.assertIn("A校活动照片", images)

    def test_city_editor_sees_the_drafts_a_teacher_of_a_cannot(self):
        """Control for the explorer test above: the same URLs do show these drafts to
        someone allowed to see them."""
        self.client.force_login(self.t["editor"])
        explorer = self.client.get(f"/admin/pages/{self.t['curriculum_b'].pk}/").content.decode()
        self.assertIn("B校尚未发布的新课", explorer)
        api = self.client.get(f"/admin/api/main/pages/{self.secret_draft.pk}/")
        self.assertEqual(api.status_code, 200)
        self.assertIn("B校尚未发布的新课", api.content.decode())
