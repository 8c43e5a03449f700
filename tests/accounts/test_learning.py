"""我的学习: the children, their schools' activities, courses for their grades; large text;
the satisfaction survey and its per-school summary for school admins."""

import re

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import ConsentRecord, SatisfactionResponse
from accounts.selectors import satisfaction_by_school
from schools.models import Role
from tests.courses.tree import add_activity, add_course, build_city
from tests.factories import ChildFactory, GuardianFactory, UserFactory

from .conftest import staff_of

pytestmark = pytest.mark.django_db
LEARNING = "/zh-hans/accounts/learning/"


def big(response) -> bool:
    return re.search(r'<body class="[^"]*\blarge-text\b', response.content.decode()) is not None


def credit_lesson(tree, family, course) -> None:
    """The ledger credits `family` with the course's first lesson (an online lesson)."""
    from decimal import Decimal

    from attendance import services as hours
    from attendance.models import LedgerEntry, SchoolYear
    from tests.attendance.world import current_school_year

    year = SchoolYear.objects.filter(region=tree["city"]).first()
    lesson = course.get_children().live().specific().first()
    hours.ledger_append(
        family=family,
        school_year=year or current_school_year(tree["city"]),
        source=LedgerEntry.Source.ONLINE_LESSON,
        key=f"test-lesson-{family.pk}-{lesson.pk}",
        created_by=None,
        class_hours=Decimal("1"),
        sessions=1,
        lesson=lesson,
    )


@pytest.fixture
def city(consent_v1):
    tree = build_city()
    child = ChildFactory(name="周小满", school_class=tree["class_a"])
    user = UserFactory(username="13500000005")
    GuardianFactory(family=child.family, user=user, phone="13500000005")
    services.consent_record(user=user, version=consent_v1, action=ConsentRecord.Action.GRANT)
    return tree | {"child": child, "parent": user}


def test_learning_lists_activities_of_the_childs_school_and_courses_for_the_grade(client, city):
    own = add_activity(city["school_page_a"])
    own.title = "育儿沙龙：陪伴写作业"
    own.save_revision().publish()
    other = add_activity(city["school_page_b"])
    other.title = "别校家长会"
    other.save_revision().publish()
    add_course(city["shared"], "初中生青春期沟通", lessons=1, grades=("j1",))
    client.force_login(city["parent"])
    page = client.get(LEARNING).content.decode()
    assert "育儿沙龙：陪伴写作业" in page
    assert "别校家长会" not in page
    assert "家庭教育入门" in page  # a p3 course
    assert "初中生青春期沟通" not in page


def test_activities_for_other_classes_are_not_listed(client, city):
    activity = add_activity(city["school_page_a"])
    activity.title = "三班家长课堂"
    activity.target_classes = [ChildFactory(school_class__school=city["school_a"]).school_class]
    activity.save_revision().publish()
    client.force_login(city["parent"])
    assert "三班家长课堂" not in client.get(LEARNING).content.decode()


def test_parents_land_here_and_staff_see_no_family(client, city):
    client.force_login(city["teacher_a"])
    assert "您的账户未关联家庭" in client.get(LEARNING).content.decode()


def test_large_text_is_remembered_with_the_account_and_applied_site_wide(client, city):
    client.force_login(city["parent"])
    assert not big(client.get(LEARNING))
    client.post(reverse("accounts:large_text"), {"large_text": "on", "next": LEARNING})
    assert big(client.get("/zh-hans/search/"))
    client.logout()
    # another phone: the choice comes back at login
    client.post("/zh-hans/accounts/login/", {"username": "13500000005", "password": "pw-for-tests"})
    assert big(client.get(LEARNING))
    client.post(reverse("accounts:large_text"), {"next": LEARNING})
    assert not big(client.get(LEARNING))


def test_survey_once_per_family_and_course(client, city):
    course = city["shared_course"]
    credit_lesson(city, city["child"].family, course)
    client.force_login(city["parent"])
    url = reverse("accounts:survey", args=[course.pk])
    assert "请选择您的满意程度" in client.post(url, {"comment": "很好"}).content.decode()
    response = client.post(url, {"score": "4", "comment": "讲得很实用"}, follow=True)
    assert "感谢您的反馈" in response.content.decode()
    second_guardian = UserFactory()
    GuardianFactory(family=city["child"].family, user=second_guardian)
    ConsentRecord.objects.create(
        user=second_guardian,
        version=ConsentRecord.objects.first().version,
        action=ConsentRecord.Action.GRANT,
    )
    client.force_login(second_guardian)
    page = client.post(url, {"score": "1"}).content.decode()
    assert "您的家庭已评价过这门课程（4 分" in page
    assert list(SatisfactionResponse.objects.values_list("score", flat=True)) == [4]


def test_satisfaction_by_school_counts_each_family_once_per_school(city):
    course = city["shared_course"]
    family = city["child"].family
    ChildFactory(family=family, school_class=city["class_a"])  # a sibling, same school
    credit_lesson(city, family, course)
    services.satisfaction_submit(family=family, course=course, user=None, score=5, comment="")
    other = ChildFactory(school_class=city["class_a"]).family
    credit_lesson(city, other, course)
    services.satisfaction_submit(family=other, course=course, user=None, score=2, comment="")
    rows = {
        r.school: r for r in satisfaction_by_school(schools=[city["school_a"], city["school_b"]])
    }
    assert (rows[city["school_a"]].responses, rows[city["school_a"]].average) == (2, 3.5)
    assert rows[city["school_a"]].distribution[5] == 1
    assert (rows[city["school_b"]].responses, rows[city["school_b"]].average) == (0, None)


def test_satisfaction_summary_is_scoped_to_the_admins_school(client, city):
    credit_lesson(city, city["child"].family, city["shared_course"])
    services.satisfaction_submit(
        family=city["child"].family, course=city["shared_course"], user=None, score=5, comment=""
    )
    client.force_login(city[f"{Role.SCHOOL_ADMIN}_b"])
    page = client.get(reverse("accounts:satisfaction")).content.decode()
    assert "b区实验小学" in page and "a区实验小学" not in page
    client.force_login(city[f"{Role.SCHOOL_ADMIN}_a"])
    page = client.get(reverse("accounts:satisfaction")).content.decode()
    assert "a区实验小学" in page and "5.00" in page
    client.force_login(city["parent"])
    assert client.get(reverse("accounts:satisfaction")).status_code == 403


def test_staff_pages_need_a_login(client):
    response = client.get(reverse("accounts:invite_codes"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


__all__ = ["staff_of"]


def test_the_last_lesson_of_a_course_links_to_its_survey(client, city):
    course = city["shared_course"]
    lessons = list(course.get_children().live().specific())
    client.force_login(city["parent"])
    survey = reverse("accounts:survey", args=[course.pk])
    assert survey not in client.get(lessons[-1].get_url()).content.decode()  # nothing credited
    credit_lesson(city, city["child"].family, course)
    assert survey in client.get(lessons[-1].get_url()).content.decode()
    assert survey not in client.get(lessons[0].get_url()).content.decode()


def test_survey_waits_for_a_credited_lesson_of_the_course(client, city):
    course = city["shared_course"]
    other_course = add_course(city["shared"], "隔代教养", lessons=1)
    credit_lesson(city, city["child"].family, other_course)  # credit elsewhere does not count
    client.force_login(city["parent"])
    url = reverse("accounts:survey", args=[course.pk])
    notice = "完成本课程的至少一节课后即可参加测评"
    assert notice in client.get(url).content.decode()
    page = client.post(url, {"score": "5", "comment": "很好"}).content.decode()
    assert notice in page
    assert not SatisfactionResponse.objects.exists()
    credit_lesson(city, city["child"].family, course)
    response = client.post(url, {"score": "5", "comment": "很好"}, follow=True)
    assert "感谢您的反馈" in response.content.decode()
    assert SatisfactionResponse.objects.count() == 1


def test_the_service_refuses_a_family_without_credit(city):
    from accounts.errors import AccountError

    with pytest.raises(AccountError, match="完成本课程的至少一节课后"):
        services.satisfaction_submit(
            family=city["child"].family,
            course=city["shared_course"],
            user=None,
            score=3,
            comment="",
        )


def test_school_staff_find_the_accounts_pages_in_the_admin_menu(client, city):
    client.force_login(city[f"{Role.SCHOOL_ADMIN}_a"])
    menu = client.get("/admin/").content.decode()
    for path in ("staff/invites", "staff/resets", "staff/satisfaction"):
        assert path in menu
    client.force_login(city["teacher_a"])
    menu = client.get("/admin/").content.decode()
    assert "staff/invites" in menu and "staff/resets" not in menu
    client.force_login(city["editor"])
    assert "staff/invites" not in client.get("/admin/").content.decode()


def test_learning_shows_hours_lessons_and_the_running_broadcast(client, city):
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from attendance import services as ledger
    from attendance.models import LedgerEntry, PlaybackSession
    from selection.models import Broadcast, BroadcastItem
    from tests.attendance.world import current_school_year

    year = current_school_year(city["city"])
    family = city["child"].family
    course = add_course(city["shared"], "隔代教养的智慧", lessons=2)
    finished, started = [page.specific for page in course.get_children()]
    ledger.ledger_append(
        family=family,
        school_year=year,
        source=LedgerEntry.Source.ONLINE_LESSON,
        key="learning-page-test",
        created_by=city["parent"],
        class_hours=Decimal("1.5"),
        sessions=1,
        lesson=finished,
    )
    now = timezone.now()
    PlaybackSession.objects.create(
        user=city["parent"],
        family=family,
        lesson=started,
        duration=600,
        covered_seconds=150,
        position=150,
        started_at=now,
        last_beat_at=now,
    )
    hour = datetime.timedelta(hours=1)
    broadcast = Broadcast.objects.create(
        title="全市联合展播：隔代教养",
        region=city["city"],
        starts_at=now - hour,
        ends_at=now + hour,
    )
    BroadcastItem.objects.create(broadcast=broadcast, course=course)
    client.force_login(city["parent"])
    page = client.get(LEARNING).content.decode()
    assert "我的学时" in page
    assert "1 / 4" in page and "1.50 / 8" in page  # sessions and class hours against the rule
    assert "继续观看" in page and "隔代教养的智慧第2课" in page and "25%" in page
    assert "本学年已完成" in page and "隔代教养的智慧第1课" in page
    assert "全市联合展播：隔代教养" in page
    Broadcast.objects.filter(pk=broadcast.pk).update(ends_at=now - datetime.timedelta(minutes=1))
    assert "全市联合展播：隔代教养" not in client.get(LEARNING).content.decode()
