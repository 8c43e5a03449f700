"""The demo city's pages: districts, schools, curricula, courses, lessons, activities and
featured collections, built from the generated texts in `catalogue.py`.

Idempotent: each page is looked up by its slug under its parent before it is created.
"""

import datetime
import io
import random
from decimal import Decimal

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page

from courses.models import (
    ActivityPage,
    CatalogPage,
    CoursePage,
    CurriculumPage,
    FeaturedCollectionPage,
    FeaturedItem,
    Lecturer,
    LessonPage,
    Topic,
)
from parentschool.home.models import HomePage
from schools.access import region_collection, root_collection, sync_access
from schools.models import (
    DistrictPage,
    GradeLevel,
    Region,
    School,
    SchoolPage,
    ensure_grade_levels,
)

from . import catalogue

TOPIC_COLOURS = {
    "xiguan": ("#f6d365", "#fda085"),
    "xinli": ("#a1c4fd", "#c2e9fb"),
    "goutong": ("#fbc2eb", "#a6c1ee"),
    "anquan": ("#ff9a9e", "#fecfef"),
    "xueye": ("#84fab0", "#8fd3f4"),
    "jiafeng": ("#e0c3fc", "#8ec5fc"),
    "laodong": ("#fddb92", "#d1fdff"),
    "youxiao": ("#96fbc4", "#f9f586"),
}

SCHOOL_INTROS = {
    "kindergarten": "我园家长学校每学期开设新生家长课、亲子活动和育儿沙龙，帮助家长了解幼儿身心发展特点。",
    "primary": "学校家长学校以班级为单位开展家庭教育指导，每学期组织专题讲座和家长开放日。",
    "junior": "学校家长学校围绕青春期教育、学习习惯和亲子沟通开设系列课程，家校携手陪伴孩子成长。",
    "senior": "学校家长学校关注学生的生涯规划与心理健康，帮助家长陪伴孩子平稳度过高中三年。",
    "community": "社区家长学校面向辖区内所有家庭开放，重点服务祖辈家长和双职工家庭。",
}


def build_pages(*, home: HomePage, rng: random.Random, videos: bool = True) -> None:
    catalogue.validate()
    _child(
        home,
        CatalogPage,
        "courses",
        title="课程目录",
        intro="<p>按学段、年级和专题查找全市家庭教育课程。</p>",
    )
    district_pages = _districts(home)
    school_pages = _schools(district_pages)
    owners = {"city": home} | {f"district:{code}": page for code, page in district_pages.items()}
    owners |= {f"school:{code}": page for code, page in school_pages.items()}
    lecturers = _lecturers()
    covers = _covers()
    clips = _videos(home) if videos else []
    courses = _curricula(owners, lecturers, covers, clips)
    _activities(school_pages, rng)
    _collections(home, district_pages, school_pages, courses)
    sync_access()


def _child(parent: Page, model, slug: str, **fields) -> Page:
    """The child page of `parent` with this slug, created (and published) if missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    many = {name for name in fields if model._meta.get_field(name).many_to_many}
    page = model(slug=slug, **{k: v for k, v in fields.items() if k not in many})
    for name in many:
        setattr(page, name, fields[name])  # ParentalManyToManyField: saved with the page
    parent.add_child(instance=page)
    page.save_revision().publish()  # a revision, so the admin shows history
    return page


def _districts(home: HomePage) -> dict[str, DistrictPage]:
    pages = {}
    for region in Region.objects.filter(parent=home.region).order_by("code"):
        pages[region.code] = _child(
            home,
            DistrictPage,
            f"d{region.code}",
            title=f"{region.name}家长学校",
            region=region,
            intro=f"<p>{region.name}各学校、社区家长学校的课程与活动。</p>",
        )
    return pages


def _schools(districts: dict[str, DistrictPage]) -> dict[str, SchoolPage]:
    pages = {}
    for school in School.objects.select_related("region").order_by("code"):
        stage = "community" if school.kind == School.Kind.COMMUNITY else school.stages[-1]
        pages[school.code] = _child(
            districts[school.region.code],
            SchoolPage,
            f"s{school.code}",
            title=school.name,
            school=school,
            intro=f"<p>{SCHOOL_INTROS[stage]}</p>",
            contact_person="德育处",
        )
    return pages


def _lecturers() -> dict[str, Lecturer]:
    lecturers = {}
    schools = {school.code: school for school in School.objects.all()}
    regions = {region.code: region for region in Region.objects.all()}
    for item in catalogue.LECTURERS:
        lecturers[item["key"]], _ = Lecturer.objects.get_or_create(
            name=item["name"],
            defaults={
                "kind": item["kind"],
                "title": item["title"],
                "bio": item["bio"],
                "school": schools.get(item["school"]) if item["school"] else None,
                "region": regions.get(item["region"]) if item["region"] else None,
            },
        )
    return lecturers


def _covers() -> dict[str, object]:
    """One generated cover per topic: a soft two-colour gradient with a few circles."""
    Image = get_image_model()
    collection = root_collection()
    covers = {}
    for slug, (top, bottom) in TOPIC_COLOURS.items():
        title = f"封面·{Topic.objects.get(slug=slug).name}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            image = Image(title=title, collection=collection)
            image.file = ImageFile(_gradient_png(top, bottom, seed=slug), name=f"cover-{slug}.png")
            image.save()
        covers[slug] = image
    return covers


def _gradient_png(top: str, bottom: str, *, seed: str) -> io.BytesIO:
    width, height = 960, 540
    picture = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    start, end = (
        PILImage.new("RGB", (1, 1), top).getpixel((0, 0)),
        PILImage.new("RGB", (1, 1), bottom).getpixel((0, 0)),
    )
    for y in range(height):
        mix = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * mix) for a, b in zip(start, end, strict=True)),
        )
    rng = random.Random(seed)
    for _ in range(6):
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(40, 160)
        draw.ellipse([x - r, y - r, x + r, y + r], outline="white", width=4)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def _curricula(owners, lecturers, covers, clips) -> dict[str, CoursePage]:
    ensure_grade_levels()  # normally made by a migration; gone after `manage.py flush`
    grades = {grade.code: grade for grade in GradeLevel.objects.all()}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    courses = {}
    for c_index, item in enumerate(catalogue.CURRICULA, start=1):
        curriculum = _child(
            owners[item["owner"]],
            CurriculumPage,
            f"curriculum-{c_index}",
            title=item["title"],
            stage=item["stage"],
            intro=f"<p>{item['intro']}</p>",
            topics=sorted(
                {topics[t] for course in item["courses"] for t in course["topics"]},
                key=lambda t: t.sort_order,
            ),
        )
        for k_index, course_item in enumerate(item["courses"], start=1):
            course = _child(
                curriculum,
                CoursePage,
                f"course-{c_index}-{k_index}",
                title=course_item["title"],
                summary=course_item["summary"],
                description=f"<p>{course_item['description']}</p>",
                lecturer=lecturers[course_item["lecturer"]],
                cover=covers[course_item["topics"][0]],
                grades=[grades[g] for g in course_item["grades"]],
                topics=[topics[t] for t in course_item["topics"]],
            )
            courses[course_item["title"]] = course
            for l_index, lesson in enumerate(course_item["lessons"], start=1):
                _child(
                    course,
                    LessonPage,
                    f"lesson-{l_index}",
                    title=lesson["title"],
                    summary=lesson["summary"],
                    duration_minutes=lesson["minutes"],
                    class_hours=Decimal(str(lesson["class_hours"])),
                    notes=_notes(lesson),
                    questions=[("question", q) for q in lesson["questions"]],
                    video=clips[(l_index + k_index) % len(clips)] if clips else None,
                )
    return courses


def _videos(home: HomePage) -> list:
    from .videos import demo_videos

    return demo_videos(collection=region_collection(home.region))


def _notes(lesson: dict) -> list:
    blocks = [("paragraph", f"<p>{paragraph}</p>") for paragraph in lesson["notes"]]
    if lesson.get("tips"):
        blocks.append(("tips", lesson["tips"]))
    return blocks


ACTIVITY_PLANS = [
    (ActivityPage.Kind.LECTURE, "家庭教育专题讲座：{topic}", "学校报告厅", 2, Decimal("2")),
    (ActivityPage.Kind.SALON, "家长沙龙：{topic}经验分享", "家长学校活动室", 1.5, Decimal("1")),
    (ActivityPage.Kind.GUIDANCE, "家庭教育指导活动：{topic}", "各班教室", 1.5, Decimal("1")),
    (ActivityPage.Kind.OPEN_DAY, "家长开放日", "校园", 3, Decimal("2")),
]


def _activities(school_pages: dict[str, SchoolPage], rng: random.Random) -> None:
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    topics = list(Topic.objects.values_list("name", flat=True))
    for school_page in school_pages.values():
        classes = list(school_page.school.classes.all())
        for index, (kind, title, place, hours, credit) in enumerate(ACTIVITY_PLANS):
            day = now.replace(
                hour=19 if kind == ActivityPage.Kind.SALON else 14
            ) + datetime.timedelta(days=[-20, 6, 13, 27][index])
            _child(
                school_page,
                ActivityPage,
                f"activity-{index + 1}",
                title=title.format(topic=rng.choice(topics)),
                kind=kind,
                starts_at=day,
                ends_at=day + datetime.timedelta(hours=hours),
                place=place,
                class_hours=credit,
                description="<p>请家长准时参加，活动结束后由班主任记录出勤与课时。</p>",
                target_classes=classes[: 1 + index % max(len(classes), 1)] if classes else [],
            )


def _collections(home, district_pages, school_pages, courses) -> None:
    today = timezone.localdate()
    titles = list(courses)
    plans = [
        (home, "recommended", "推荐课程", "recommended", None, None, titles[0:24:4]),
        (
            home,
            "winter-safety",
            "冬季安全与寒假家庭教育专题",
            "campaign",
            today - datetime.timedelta(days=10),
            today + datetime.timedelta(days=90),
            [t for t in titles if any(w in t for w in ("安全", "网络", "手机", "睡眠"))][:4]
            or titles[1:3],
        ),
        (
            home,
            "summer-water",
            "暑期防溺水专题",
            "campaign",
            today - datetime.timedelta(days=160),
            today - datetime.timedelta(days=80),
            titles[2:4],
        ),
        (
            district_pages["990121"],
            "left-behind",
            "留守儿童家庭课程",
            "topic",
            None,
            None,
            [t for t in titles if "留守" in t or "隔代" in t or "祖辈" in t][:4] or titles[4:6],
        ),
        (
            school_pages["99010202"],
            "yuying-picks",
            "育英小学推荐",
            "recommended",
            None,
            None,
            [t for t in titles if "小学" in t or "一年级" in t][:3] or titles[6:9],
        ),
    ]
    for priority, (parent, slug, title, kind, starts, ends, picks) in enumerate(plans):
        collection = FeaturedCollectionPage.objects.child_of(parent).filter(slug=slug).first()
        if collection is not None:
            continue
        collection = FeaturedCollectionPage(
            slug=slug, title=title, kind=kind, starts_on=starts, ends_on=ends, priority=priority + 1
        )
        collection.items = [
            FeaturedItem(course=courses[t], sort_order=i) for i, t in enumerate(picks)
        ]
        parent.add_child(instance=collection)
