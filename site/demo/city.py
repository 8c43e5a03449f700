"""The demo city 云溪市: two districts, schools of every stage, classes, families, one
user per role and the home page. Every name and number is generated here.

Idempotent: rows are keyed by stable codes and usernames, so running it again changes
nothing that is already there.
"""

import datetime
import random
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from courses.models import Topic
from families.models import Child, Family, Guardian
from parentschool.home.models import HomePage, SiteSettings
from schools.models import Region, Role, School, SchoolClass, Stage
from schools.services import membership_grant

from . import accounts, content, names
from . import attendance as demo_attendance
from . import captions as demo_captions
from . import selection as selection_demo
from .families import build_special_groups
from .roster import build_roster_sync

SEED = 20261125

CITY = ("云溪市", "990100")
DISTRICTS = [("东湖区", "990102"), ("青山县", "990121")]

# (code, district code, name, kind, stages, address, grades with class counts)
SCHOOLS = [
    (
        "99010201",
        "990102",
        "东湖区实验幼儿园",
        School.Kind.SCHOOL,
        [Stage.KINDERGARTEN],
        "东湖区湖滨路18号",
        {"k1": 1, "k2": 1, "k3": 1},
    ),
    (
        "99010202",
        "990102",
        "东湖区育英小学",
        School.Kind.SCHOOL,
        [Stage.PRIMARY],
        "东湖区文昌街66号",
        {"p1": 1, "p3": 2, "p5": 1},
    ),
    (
        "99010203",
        "990102",
        "东湖区明德初级中学",
        School.Kind.SCHOOL,
        [Stage.JUNIOR],
        "东湖区明德路9号",
        {"j1": 2, "j2": 1},
    ),
    (
        "99012101",
        "990121",
        "青山县第一中学",
        School.Kind.SCHOOL,
        [Stage.JUNIOR, Stage.SENIOR],
        "青山县城南大道120号",
        {"j3": 1, "s1": 1, "s2": 1},
    ),
    (
        "99012102",
        "990121",
        "青山县城关小学",
        School.Kind.SCHOOL,
        [Stage.PRIMARY],
        "青山县人民路35号",
        {"p2": 1, "p4": 1, "p6": 1},
    ),
    (
        "99010290",
        "990102",
        "东湖区滨江社区家长学校",
        School.Kind.COMMUNITY,
        [],
        "东湖区滨江社区服务中心二楼",
        {},
    ),
]

TOPICS = [
    ("习惯养成", "xiguan", "作息、阅读、整理与自律，在家里一点点养成好习惯。"),
    ("心理健康", "xinli", "识别孩子的情绪变化，陪伴孩子面对压力与挫折。"),
    ("亲子沟通", "goutong", "学会倾听与表达，让家里的谈话少一些争吵、多一些理解。"),
    ("安全教育", "anquan", "交通、防溺水、网络与防欺凌，家长该教孩子的安全常识。"),
    ("学业支持", "xueye", "陪伴而不代替，帮助孩子找到适合自己的学习方法。"),
    ("家风家教", "jiafeng", "以身作则，把家庭的好传统传给下一代。"),
    ("劳动教育", "laodong", "从家务做起，让孩子在劳动中学会担当。"),
    ("幼小衔接", "youxiao", "帮助孩子从幼儿园平稳过渡到小学。"),
]

# School year 2026–2027: a child in grade P1 was born between Sept 2019 and Aug 2020.
GRADE_BIRTH_YEAR = {
    "k1": 2022,
    "k2": 2021,
    "k3": 2020,
    "p1": 2019,
    "p2": 2018,
    "p3": 2017,
    "p4": 2016,
    "p5": 2015,
    "p6": 2014,
    "j1": 2013,
    "j2": 2012,
    "j3": 2011,
    "s1": 2010,
    "s2": 2009,
    "s3": 2008,
}

FAMILY_COUNT = 48


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role_label: str
    where: str


DEMO_USERS = [
    # username, full name, role (None: parent; "superuser": site administrator), scope
    ("parent", "王建国", None, "99010202"),
    ("teacher", "李晓红", Role.TEACHER, "99010202"),
    ("schooladmin", "张志明", Role.SCHOOL_ADMIN, "99010202"),
    ("editor", "陈静", Role.EDITOR, "990100"),
    ("reviewer", "刘文华", Role.REVIEWER, "990100"),
    ("bureau", "赵永刚", Role.BUREAU, "990100"),
    ("admin", "系统管理员", "superuser", ""),
]


def build(*, password: str, pages: bool = True, videos: bool = True) -> list[DemoLogin]:
    """Create the demo city; return the demo logins to print. `pages=False` stops after
    the people and the home page (quicker, for tests that need no course content);
    `videos=False` leaves lessons without generated videos."""
    with transaction.atomic():
        regions = _regions()
        schools = _schools(regions)
        classes = _classes(schools)
        _topics()
        logins = _users(password=password, regions=regions, schools=schools, classes=classes)
        _families(classes)
        build_special_groups()
        build_roster_sync()
        accounts.build()
        home = _home_page(regions["990100"])
        if pages:
            content.build_pages(home=home, rng=random.Random(SEED + 2), videos=videos)
            demo_captions.build_captions()
            selection_demo.build(password=password)
        demo_attendance.build(city=regions["990100"])
    return logins


def _regions() -> dict[str, Region]:
    city, _ = Region.objects.get_or_create(
        code=CITY[1], defaults={"name": CITY[0], "kind": Region.Kind.CITY}
    )
    regions = {city.code: city}
    for name, code in DISTRICTS:
        regions[code], _ = Region.objects.get_or_create(
            code=code, defaults={"name": name, "kind": Region.Kind.DISTRICT, "parent": city}
        )
    return regions


def _schools(regions: dict[str, Region]) -> dict[str, School]:
    rng = random.Random(SEED)
    schools = {}
    for code, district, name, kind, stages, address, _grades in SCHOOLS:
        phone = f"0599-{rng.randint(60000000, 69999999)}"
        schools[code], _ = School.objects.get_or_create(
            code=code,
            defaults={
                "region": regions[district],
                "name": name,
                "kind": kind,
                "stages": [str(s) for s in stages],
                "address": address,
                "phone": phone,
            },
        )
    return schools


def _classes(schools: dict[str, School]) -> list[SchoolClass]:
    classes = []
    for code, *_rest, grades in SCHOOLS:
        for grade, count in grades.items():
            for number in range(1, count + 1):
                school_class, _ = SchoolClass.objects.get_or_create(
                    school=schools[code], grade=grade, number=number
                )
                classes.append(school_class)
    return classes


def _topics() -> None:
    for order, (name, slug, description) in enumerate(TOPICS):
        Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )


def _users(*, password, regions, schools, classes) -> list[DemoLogin]:
    User = get_user_model()
    logins = []
    for username, full_name, role, scope in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": full_name[1:], "last_name": full_name[0]},
        )
        if created:
            user.set_password(password)
            if role == "superuser":
                user.is_superuser = user.is_staff = True
            user.save()
        if role == "superuser":
            logins.append(DemoLogin(username, "系统管理员", "全站"))
            continue
        if role is None:
            logins.append(DemoLogin(username, "家长", schools[scope].name))
            continue
        place = {"school": schools[scope]} if scope in schools else {"region": regions[scope]}
        membership_grant(user=user, role=role, **place)
        logins.append(DemoLogin(username, str(Role(role).label), str(next(iter(place.values())))))
    teacher = User.objects.get(username="teacher")
    first_primary_class = next(c for c in classes if c.school.code == "99010202")
    if first_primary_class.head_teacher_id is None:
        first_primary_class.head_teacher = teacher
        first_primary_class.save(update_fields=["head_teacher"])
    return logins


def _families(classes: list[SchoolClass]) -> None:
    rng = random.Random(SEED + 1)
    parent_user = get_user_model().objects.get(username="parent")
    school_classes = [c for c in classes]
    for index in range(1, FAMILY_COUNT + 1):
        code = f"YX{index:05d}"
        # Draw every random number even for existing families, so the rest stay the same.
        plan = _family_plan(rng, school_classes, index)
        if Family.objects.filter(code=code).exists():
            continue
        family = Family.objects.create(code=code, address=plan["address"])
        for name, relation, phone in plan["guardians"]:
            Guardian.objects.create(family=family, name=name, relation=relation, phone=phone)
        for name, gender, birth_date, school_class in plan["children"]:
            Child.objects.create(
                family=family,
                name=name,
                gender=gender,
                birth_date=birth_date,
                school_class=school_class,
            )
        if index == 1:
            guardian = family.guardians.order_by("pk").first()
            Guardian.objects.filter(user=parent_user).exclude(pk=guardian.pk).update(user=None)
            guardian.user = parent_user
            guardian.name = parent_user.last_name + parent_user.first_name
            guardian.save(update_fields=["user", "name"])


def _family_plan(rng: random.Random, classes: list[SchoolClass], index: int) -> dict:
    family_name = names.surname(rng)
    if index == 1:
        family_name = "王"
        # The demo parent's family: one child at 育英小学, one sibling at 明德初中.
        picks = [
            next(c for c in classes if c.school.code == "99010202"),
            next(c for c in classes if c.school.code == "99010203"),
        ]
    else:
        picks = [classes[(index - 1) % len(classes)]]
        if rng.random() < 0.2:
            picks.append(rng.choice(classes))
    guardians = [
        (
            names.full_name(rng, family_name=family_name),
            Guardian.Relation.FATHER,
            names.mobile_number(rng),
        ),
        (names.full_name(rng), Guardian.Relation.MOTHER, names.mobile_number(rng)),
    ]
    if rng.random() < 0.25:
        # Grandparents often do the school run: they are guardians too.
        guardians.append(
            (names.full_name(rng, family_name=family_name), Guardian.Relation.GRANDMOTHER, "")
        )
    children = []
    for school_class in picks:
        year = GRADE_BIRTH_YEAR[school_class.grade]
        birth = datetime.date(year, 9, 1) + datetime.timedelta(days=rng.randint(0, 364))
        children.append(
            (
                names.full_name(rng, family_name=family_name, child=True),
                rng.choice([Child.Gender.MALE, Child.Gender.FEMALE]),
                birth,
                school_class,
            )
        )
    street = rng.choice(["湖滨路", "文昌街", "明德路", "城南大道", "人民路", "滨江路", "桂花巷"])
    address = f"{rng.choice(['东湖区', '青山县'])}{street}{rng.randint(1, 300)}号"
    return {"guardians": guardians, "children": children, "address": address}


def root_page() -> Page:
    """Wagtail's tree root, recreated if the database was flushed (`manage.py flush`)."""
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    return root


def _home_page(city: Region) -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        home = root_page().add_child(
            instance=HomePage(
                title="云溪市网上家长学校",
                slug="yunxi",
                tagline="家校社协同，陪伴每一个孩子健康成长",
                intro=(
                    "<p>云溪市网上家长学校由市教育局主办，面向全市幼儿园、中小学的家长，"
                    "提供分学段、分年级的家庭教育课程和微视频。家长可以在手机上随时学习，"
                    "学校按“四次八课时”的要求记录每个家庭的学习情况。</p>"
                ),
                region=city,
            )
        )
        # Retire the placeholder page that Wagtail's first migration creates.
        for page in Page.objects.filter(depth=2).exclude(pk=home.pk):
            if page.specific_class is Page:
                Site.objects.filter(root_page=page).update(root_page=home)
                page.delete()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="云溪市网上家长学校",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    site_settings = SiteSettings.for_site(site)
    if not site_settings.organisation:
        site_settings.organisation = "云溪市教育局"
        site_settings.hotline = "0599-66012345"
        site_settings.icp_number = "云ICP备00000000号（演示站点）"
        site_settings.footer_note = "本站内容均为演示数据。"
        site_settings.save()
    return home
