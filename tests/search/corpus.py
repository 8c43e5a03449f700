"""A small public tree with Chinese lessons, plus a draft and a private page, for search tests."""

from django.test import TestCase
from wagtail.models import PageViewRestriction

from tests.courses.tree import add_course, build_city

OURS = {"default": {"BACKEND": "search.backends.database"}}
STOCK = {"default": {"BACKEND": "modelsearch.backends.database"}}


def build_search_city() -> dict:
    tree = build_city()
    course = add_course(tree["shared"], "如何做好家庭教育指导", lessons=1, topic="亲子沟通")
    course.summary = "帮助留守儿童的家长学会亲子沟通"
    course.is_premium = True
    course.save_revision().publish()
    lesson = course.get_children().first().specific
    lesson.title = "青春期孩子的情绪管理"
    lesson.summary = "用Python做一个家庭作业计划表"
    lesson.save_revision().publish()
    tree |= {"family_course": course, "teen_lesson": lesson}

    draft = add_course(tree["shared"], "家庭教育草稿课程", lessons=0)
    draft.unpublish()
    private = add_course(tree["curriculum_a"], "家庭教育内部课程", lessons=0)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    tree |= {"draft": draft, "private": private}
    return tree


def rebuild_index() -> None:
    from django.core.management import call_command

    call_command("rebuild_search_index", verbosity=0)


class SearchCityTestCase(TestCase):
    """The search city, indexed afresh before each test (the index outlives rollbacks)."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_search_city()

    def setUp(self):
        rebuild_index()

    @staticmethod
    def titles(results) -> set[str]:
        return {hit.page.title for hit in results.hits}
