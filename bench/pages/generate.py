"""Generate a large city for the page benchmark: districts, schools, curricula, courses, lessons.

    DJANGO_SETTINGS_MODULE=parentschool.settings.production PARENTSCHOOL_VAR_DIR=/tmp/x \\
    SECRET_KEY=... .venv/bin/python bench/pages/generate.py \\
        --schools 50 --courses 2000 --lessons 20000

Into a fresh (migrated or empty) database: the demo's people and city home page
(`parentschool.demo.city.build(pages=False)`), then

* districts and schools up to ``--schools`` (the demo's two districts and six schools, then
  generated ones across ``--districts`` districts), each with a published district or school
  page (``add_child`` + ``save_revision().publish()``, so groups, workflows and the admin
  history exist as for real content), and the catalogue page ``/courses/``;
* curricula under the city, every district and every school, ``--courses`` courses spread over
  them and ``--lessons`` lessons spread over the courses (10 per course by default), with
  generated Chinese titles, summaries, notes and reflection questions;
* a featured collection "推荐课程" on the home page and one per district.

The 22,000-odd curriculum, course and lesson pages are *bulk inserted*: the script computes the
treebeard materialised paths, depth, numchild and url_path itself and inserts the
``wagtailcore_page`` rows and then each model's own table rows in batches, in one transaction.
They are ordinary live Wagtail pages (``live=True``, ``first_published_at`` set, right content
type and locale) but have no revision history, no search-index entries and no reference-index
rows; pass ``--search-index`` to index them afterwards. ``Page.find_problems()`` (treebeard's
own consistency check) runs at the end and must report nothing.

``--compare N`` also times N lessons created the ordinary way (``add_child`` then
``save_revision().publish()``) inside a rolled-back savepoint, to show what bulk insertion saves.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import secrets
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parentschool.settings.dev")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.files.images import ImageFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image as PILImage  # noqa: E402
from PIL import ImageDraw  # noqa: E402
from wagtail.images import get_image_model  # noqa: E402
from wagtail.models import Collection, Locale, Page  # noqa: E402

from courses.models import (  # noqa: E402
    CatalogPage,
    CoursePage,
    CurriculumPage,
    FeaturedCollectionPage,
    FeaturedItem,
    Lecturer,
    LessonPage,
    Topic,
)
from parentschool.demo import city, names  # noqa: E402
from schools.access import sync_access  # noqa: E402
from schools.models import DistrictPage, GradeLevel, Region, School, SchoolPage  # noqa: E402

SEED = 20260501

# --- Generated texts --------------------------------------------------------------------

EXTRA_DISTRICTS = [
    ("南湖区", "990103"),
    ("西岭区", "990104"),
    ("北塘区", "990105"),
    ("桃源县", "990122"),
    ("白沙县", "990123"),
    ("清河县", "990124"),
    ("金桥区", "990106"),
    ("凤鸣县", "990125"),
]
PLACES = [
    *("文华", "实验", "育才", "新城", "滨湖", "桂花", "红星", "光明", "朝阳"),
    *("东风", "青松", "兴华", "启明", "博雅", "春晖", "阳光", "明珠", "翠屏"),
]
KINDS = [  # (suffix, stage) — stages cycle so every stage is represented
    ("小学", "primary"),
    ("幼儿园", "kindergarten"),
    ("初级中学", "junior"),
    ("小学", "primary"),
    ("高级中学", "senior"),
    ("中心小学", "primary"),
    ("第二幼儿园", "kindergarten"),
    ("中学", "junior"),
]
STAGE_NAMES = {
    "kindergarten": "幼儿园",
    "primary": "小学",
    "junior": "初中",
    "senior": "高中",
    "": "全学段",
}
GRADES_OF = {
    "kindergarten": ["k1", "k2", "k3"],
    "primary": ["p1", "p2", "p3", "p4", "p5", "p6"],
    "junior": ["j1", "j2", "j3"],
    "senior": ["s1", "s2", "s3"],
}
GRADE_NAMES = {
    "k1": "小班",
    "k2": "中班",
    "k3": "大班",
    "p1": "一年级",
    "p2": "二年级",
    "p3": "三年级",
    "p4": "四年级",
    "p5": "五年级",
    "p6": "六年级",
    "j1": "七年级",
    "j2": "八年级",
    "j3": "九年级",
    "s1": "高一",
    "s2": "高二",
    "s3": "高三",
}
# Per topic: subjects a course may be about.
SUBJECTS = {
    "xiguan": [
        "按时作息",
        "整理书包",
        "每天阅读二十分钟",
        "自己的事情自己做",
        "合理使用手机",
        "专注做作业",
    ],
    "xinli": [
        "识别孩子的情绪",
        "面对考试焦虑",
        "应对挫折",
        "青春期的烦恼",
        "孩子说不想上学",
        "同伴关系",
    ],
    "goutong": [
        "倾听孩子说话",
        "不吼不叫好好说",
        "和孩子谈成绩",
        "家庭会议",
        "睡前聊天",
        "父亲的陪伴",
    ],
    "anquan": ["防溺水", "交通安全", "网络安全", "防欺凌", "居家用电用火", "防范电信诈骗"],
    "xueye": [
        "陪写作业不焦虑",
        "培养学习兴趣",
        "制订假期计划",
        "错题本怎么用",
        "选科与生涯规划",
        "阅读习惯",
    ],
    "jiafeng": ["家风家训", "以身作则", "尊老爱幼", "勤俭节约", "诚实守信", "祖辈带娃"],
    "laodong": [
        "家务劳动清单",
        "学做一道家常菜",
        "整理自己的房间",
        "种植与饲养",
        "社区志愿服务",
        "周末劳动日",
    ],
    "youxiao": [
        "入学前的准备",
        "学会认真听讲",
        "从游戏到课堂",
        "结交新朋友",
        "自己上厕所和喝水",
        "握笔与坐姿",
    ],
}
COURSE_TEMPLATES = [
    "{grade}家长必修：{subject}",
    "{subject}——给{stage}家长的{n}堂课",
    "陪孩子{subject}",
    "{subject}：家长可以这样做",
    "{stage}家庭教育微课：{subject}",
    "从小事做起：{subject}",
]
LESSON_TEMPLATES = [
    "为什么要重视{subject}",
    "孩子{subject}时常见的三个问题",
    "家长的示范：{subject}从自己做起",
    "一周小计划：{subject}",
    "当孩子不配合{subject}时",
    "{subject}：听听其他家长怎么做",
    "和老师配合，一起关注{subject}",
    "用鼓励代替批评",
    "把规则写下来，全家一起遵守",
    "回顾与反思：我们的进步",
]
PARAGRAPHS = [
    "孩子的习惯不是一天养成的。家长先把目标定得小一些，每天坚持做到，再慢慢提高要求。",
    "和孩子说话时，先放下手机，看着孩子的眼睛，让孩子感到自己被认真对待。",
    "遇到问题时，先问问孩子是怎么想的，再一起商量办法，而不是直接给出结论。",
    "表扬要具体：说清楚孩子哪一点做得好，比一句“你真棒”更能帮助孩子。",
    "家庭成员之间要保持一致，爸爸妈妈和祖辈的要求不一样，孩子会无所适从。",
    "每周留出一段固定的亲子时间，哪怕只有半小时，也比偶尔的长时间陪伴更有效。",
]
QUESTIONS = [
    "这一周，你和孩子一起做到了哪些事情？",
    "孩子最近一次发脾气是什么原因？你是怎么回应的？",
    "你们家有没有一条全家都遵守的规则？",
    "学完这一讲，你打算从哪一件小事开始改变？",
]
LECTURER_TITLES = {
    "teacher": ["德育处主任", "班主任", "心理健康教师", "年级组长"],
    "expert": ["家庭教育指导师", "儿童心理咨询师", "市家庭教育讲师团成员"],
    "parent": ["家长委员会成员", "家长讲师"],
}
TOPIC_COLOURS = [
    "#f6d365",
    "#a1c4fd",
    "#fbc2eb",
    "#ff9a9e",
    "#84fab0",
    "#e0c3fc",
    "#fddb92",
    "#96fbc4",
]


# --- Tree building ----------------------------------------------------------------------


class Tree:
    """New pages under existing or new parents: treebeard paths, depth, numchild, url_path."""

    def __init__(self, locale: Locale, now: datetime.datetime):
        self.locale = locale
        self.now = now
        self.next_step: dict[str, int] = {}
        self.new_children: dict[str, int] = {}  # parent path -> children added
        self.existing_parents: dict[str, Page] = {}
        self.pages: dict[type, list[Page]] = {}
        self.content_types: dict[type, ContentType] = {}

    def add(self, parent: Page, page: Page, *, published: datetime.datetime) -> Page:
        if parent.path not in self.next_step:
            if parent.pk is not None and parent.path not in self.new_children:
                last = parent.get_last_child()
                self.next_step[parent.path] = (
                    Page._str2int(last.path[-Page.steplen :]) if last else 0
                )
                self.existing_parents[parent.path] = parent
            else:
                self.next_step[parent.path] = 0
        self.next_step[parent.path] += 1
        self.new_children[parent.path] = self.new_children.get(parent.path, 0) + 1
        step = Page._int2str(self.next_step[parent.path]).rjust(Page.steplen, Page.alphabet[0])
        model = type(page)
        if model not in self.content_types:
            self.content_types[model] = ContentType.objects.get_for_model(model)
        page.path = parent.path + step
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = self.content_types[model]
        page.locale = self.locale
        page.translation_key = uuid.uuid4()
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = published
        self.pages.setdefault(model, []).append(page)
        return page

    def finish_numchild(self) -> None:
        by_path = {p.path: p for pages in self.pages.values() for p in pages}
        for path, count in self.new_children.items():
            if path in by_path:
                by_path[path].numchild = count
            else:  # an existing page gets new children
                Page.objects.filter(path=path).update(numchild=F("numchild") + count)


def insert_pages(model: type[Page], pages: list[Page]) -> None:
    """What `save()` does for a multi-table page, in batches: the `wagtailcore_page` rows
    (ids come back), then this model's own rows. Django's bulk_create refuses multi-table
    models, so this uses the same insert the ORM's save uses."""
    page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    own_fields = list(model._meta.local_concrete_fields)
    batch = max(1, min(500, connection.ops.bulk_batch_size(page_fields, pages)))
    for start in range(0, len(pages), batch):
        chunk = pages[start : start + batch]
        rows = Page._base_manager._insert(
            chunk, fields=page_fields, returning_fields=[Page._meta.pk]
        )
        for page, (pk,) in zip(chunk, rows, strict=True):
            page.id = page.page_ptr_id = pk
            page._state.adding = False
    batch = max(1, min(500, connection.ops.bulk_batch_size(own_fields, pages)))
    for start in range(0, len(pages), batch):
        model._base_manager._insert(pages[start : start + batch], fields=own_fields)


def insert_m2m(model: type[Page], name: str, pairs: list[tuple[Page, list]]) -> None:
    field = model._meta.get_field(name)
    through = field.remote_field.through
    source, target = field.m2m_field_name() + "_id", field.m2m_reverse_field_name() + "_id"
    through.objects.bulk_create(
        [
            through(**{source: page.pk, target: other.pk})
            for page, others in pairs
            for other in others
        ],
        batch_size=500,
    )


# --- Steps ------------------------------------------------------------------------------


def districts_and_schools(rng: random.Random, n_schools: int, n_districts: int):
    city_region = Region.objects.get(code=city.CITY[1])
    districts = list(Region.objects.filter(parent=city_region).order_by("code"))
    for name, code in EXTRA_DISTRICTS[: max(0, n_districts - len(districts))]:
        region, _ = Region.objects.get_or_create(
            code=code, defaults={"name": name, "kind": Region.Kind.DISTRICT, "parent": city_region}
        )
        districts.append(region)
    schools = list(School.objects.order_by("code"))
    counters = {d.code: 0 for d in districts}
    used = set(School.objects.values_list("name", flat=True))
    index = 0
    while len(schools) < n_schools:
        district = districts[index % len(districts)]
        suffix, stage = KINDS[index % len(KINDS)]
        place = PLACES[(index // len(districts)) % len(PLACES)]
        name = f"{district.name}{place}{suffix}"
        index += 1
        if name in used:
            continue
        used.add(name)
        counters[district.code] += 1
        schools.append(
            School.objects.create(
                region=district,
                name=name,
                kind=School.Kind.SCHOOL,
                stages=[stage],
                address=f"{district.name}{place}路{rng.randint(1, 300)}号",
                phone=f"0599-{rng.randint(60000000, 69999999)}",
                code=f"{district.code}{50 + counters[district.code]:02d}",
            )
        )
    return city_region, districts, schools


def publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def structural_pages(home, districts, schools):
    """District, school and catalogue pages, the way an editor makes them (with revisions)."""
    district_pages = {p.region_id: p for p in DistrictPage.objects.all()}
    for region in districts:
        if region.pk not in district_pages:
            district_pages[region.pk] = publish_child(
                home,
                DistrictPage(
                    title=f"{region.name}家长学校",
                    slug=f"d{region.code}",
                    region=region,
                    intro=f"<p>{region.name}各学校、社区家长学校的课程与活动。</p>",
                ),
            )
            home.refresh_from_db()
    school_pages = {p.school_id: p for p in SchoolPage.objects.all()}
    for school in schools:
        if school.pk not in school_pages:
            parent = district_pages[school.region_id]
            school_pages[school.pk] = publish_child(
                parent,
                SchoolPage(
                    title=school.name,
                    slug=f"s{school.code}",
                    school=school,
                    intro="<p>学校家长学校以班级为单位开展家庭教育指导，每学期组织专题讲座和家长开放日。</p>",
                    contact_person="德育处",
                ),
            )
            parent.refresh_from_db()
    catalogue = CatalogPage.objects.first() or publish_child(
        home,
        CatalogPage(
            title="课程目录",
            slug="courses",
            intro="<p>按学段、年级和专题查找全市家庭教育课程。</p>",
        ),
    )
    home.refresh_from_db()
    return district_pages, school_pages, catalogue


def lecturers(rng: random.Random, schools) -> list[Lecturer]:
    made = []
    for index in range(60):
        kind = ("teacher", "expert", "parent")[index % 3]
        made.append(
            Lecturer(
                name=names.full_name(rng),
                kind=kind,
                title=rng.choice(LECTURER_TITLES[kind]),
                bio="长期从事家庭教育指导工作，擅长用家长听得懂的话讲清楚道理。",
                school=rng.choice(schools) if kind == "teacher" else None,
            )
        )
    return Lecturer.objects.bulk_create(made)


def covers() -> list:
    Image = get_image_model()
    collection = Collection.get_first_root_node()
    made = []
    for index, colour in enumerate(TOPIC_COLOURS):
        title = f"压测封面{index + 1}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            picture = PILImage.new("RGB", (960, 540), colour)
            draw = ImageDraw.Draw(picture)
            for r in range(60, 400, 70):
                draw.ellipse([480 - r, 270 - r, 480 + r, 270 + r], outline="white", width=4)
            buffer = io.BytesIO()
            picture.save(buffer, format="PNG")
            buffer.seek(0)
            image = Image(title=title, collection=collection)
            image.file = ImageFile(buffer, name=f"bench-cover-{index + 1}.png")
            image.save()
        made.append(image)
    return made


def content_tree(args, rng, home, city_region, district_pages, school_pages, now):
    """Curricula, courses and lessons, bulk inserted."""
    locale = Locale.get_default()
    tree = Tree(locale, now)
    grades = {g.code: g for g in GradeLevel.objects.all()}
    topics = list(Topic.objects.order_by("sort_order"))
    people = lecturers(rng, list(School.objects.all()))
    images = covers()

    # Owners of curricula: the city home, each district, each school.
    owners: list[tuple[Page, list[str], str]] = [
        (home, ["", "primary", "junior", "kindergarten"], "市级")
    ]
    for page in district_pages.values():
        owners.append((page, ["primary", "junior"], page.region.name))
    for page in school_pages.values():
        school = page.school
        stages = list(school.stages) or [""]
        owners.append((page, [stages[-1], stages[0]], school.name))
    curricula = []
    curriculum_topics = []
    for owner, stages, owner_name in owners:
        for number, stage in enumerate(stages, start=1):
            topic_picks = rng.sample(topics, 3)
            title = f"{owner_name}{STAGE_NAMES[stage]}家庭教育课程（第{number}辑）"
            page = tree.add(
                owner,
                CurriculumPage(
                    title=title,
                    slug=f"curriculum-{number}",
                    stage=stage,
                    intro=f"<p>{owner_name}为{STAGE_NAMES[stage]}家长编写的系列课程，"
                    f"围绕{'、'.join(t.name for t in topic_picks)}等专题。</p>",
                ),
                published=now - datetime.timedelta(days=400),
            )
            curricula.append(page)
            curriculum_topics.append((page, topic_picks))

    per_course = max(1, args.lessons // max(1, args.courses))
    extra_lessons = args.lessons - per_course * args.courses
    courses, course_m2m_grades, course_m2m_topics = [], [], []
    lessons = []
    course_counter: dict[str, int] = {}
    for index in range(args.courses):
        curriculum, picks = curriculum_topics[index % len(curriculum_topics)]
        stage = curriculum.stage or rng.choice(list(GRADES_OF))
        topic = rng.choice(picks)
        subject = rng.choice(SUBJECTS.get(topic.slug, SUBJECTS["goutong"]))
        course_grades = sorted(
            rng.sample(GRADES_OF[stage], min(len(GRADES_OF[stage]), rng.randint(1, 3)))
        )
        title = rng.choice(COURSE_TEMPLATES).format(
            grade=GRADE_NAMES[course_grades[0]],
            subject=subject,
            stage=STAGE_NAMES[stage],
            n=per_course,
        )
        course_counter[curriculum.path] = course_counter.get(curriculum.path, 0) + 1
        course = tree.add(
            curriculum,
            CoursePage(
                title=title,
                slug=f"course-{course_counter[curriculum.path]}",
                summary=f"{per_course}节微课，帮助{STAGE_NAMES[stage]}家长做好“{subject}”这件事。",
                description=f"<p>本课程围绕“{subject}”展开，结合真实的家庭场景，"
                "给出家长每天都能做到的小方法。</p>",
                cover=images[topics.index(topic) % len(images)],
                lecturer=rng.choice(people),
                is_premium=rng.random() < 0.05,
            ),
            published=now - datetime.timedelta(minutes=args.courses - index),
        )
        courses.append(course)
        course_m2m_grades.append((course, [grades[g] for g in course_grades]))
        second = [rng.choice([t for t in topics if t != topic])] if rng.random() < 0.3 else []
        course_m2m_topics.append((course, [topic, *second]))
        n_lessons = per_course + (1 if index < extra_lessons else 0)
        for number in range(1, n_lessons + 1):
            template = LESSON_TEMPLATES[(number - 1) % len(LESSON_TEMPLATES)]
            minutes = rng.choice((6, 8, 10, 12, 15))
            lesson = LessonPage(
                title=f"第{number}讲 " + template.format(subject=subject),
                slug=f"lesson-{number}",
                summary=f"{minutes}分钟微课：{subject}的第{number}个小方法。",
                duration_minutes=minutes,
                class_hours=Decimal(rng.choice(("0.5", "1", "1", "2"))),
                notes=[("paragraph", f"<p>{p}</p>") for p in rng.sample(PARAGRAPHS, 3)]
                + [("tips", ["先做示范，再提要求", "每天坚持，不求一步到位"])],
                questions=[("question", q) for q in rng.sample(QUESTIONS, 2)],
            )
            lessons.append((course, lesson))
    for course, lesson in lessons:
        tree.add(course, lesson, published=course.first_published_at)
    tree.finish_numchild()

    timings = {}
    for model in (CurriculumPage, CoursePage, LessonPage):
        start = time.perf_counter()
        insert_pages(model, tree.pages[model])
        timings[model.__name__] = time.perf_counter() - start
    start = time.perf_counter()
    insert_m2m(CurriculumPage, "topics", curriculum_topics)
    insert_m2m(CoursePage, "grades", course_m2m_grades)
    insert_m2m(CoursePage, "topics", course_m2m_topics)
    timings["many-to-many"] = time.perf_counter() - start
    return curricula, courses, [lesson for _, lesson in lessons], timings


def collections(home, district_pages, courses, rng):
    today = timezone.localdate()
    plans = [(home, "recommended", "推荐课程", 1, rng.sample(courses, 8))]
    for page in district_pages.values():
        mine = [c for c in courses if c.path.startswith(page.path)]
        plans.append(
            (
                page,
                "district-picks",
                f"{page.region.name}推荐课程",
                5,
                rng.sample(mine, min(4, len(mine))),
            )
        )
    for parent, slug, title, priority, picks in plans:
        if FeaturedCollectionPage.objects.child_of(parent).filter(slug=slug).exists():
            continue
        collection = FeaturedCollectionPage(
            title=title,
            slug=slug,
            kind="recommended",
            starts_on=today - datetime.timedelta(days=30),
            ends_on=today + datetime.timedelta(days=365),
            priority=priority,
        )
        collection.items = [FeaturedItem(course_id=c.pk, sort_order=i) for i, c in enumerate(picks)]
        parent.refresh_from_db()
        publish_child(parent, collection)


def check_tree() -> list[str]:
    """treebeard's find_problems() checks (alphabet, step length, orphans, depth, numchild)
    plus url_path and the specific row of every page, in a few queries instead of two a page."""
    rows = list(
        Page.objects.values_list(
            "pk", "path", "depth", "numchild", "url_path", "slug", "content_type_id"
        )
    )
    by_path = {path: (pk, url_path) for pk, path, _d, _n, url_path, _s, _c in rows}
    children: dict[str, int] = {}
    problems = []
    for pk, path, depth, _numchild, url_path, slug, _ct in rows:
        if set(path) - set(Page.alphabet) or len(path) % Page.steplen:
            problems.append(f"page {pk}: bad path {path!r}")
        elif depth != len(path) // Page.steplen:
            problems.append(f"page {pk}: depth {depth} for path {path!r}")
        elif depth > 1:
            parent = path[: -Page.steplen]
            if parent not in by_path:
                problems.append(f"page {pk}: orphan")
                continue
            children[parent] = children.get(parent, 0) + 1
            if depth > 2 and url_path != f"{by_path[parent][1]}{slug}/":
                problems.append(f"page {pk}: url_path {url_path!r}")
    for pk, path, _d, numchild, *_rest in rows:
        if numchild != children.get(path, 0):
            problems.append(f"page {pk}: numchild {numchild}, really {children.get(path, 0)}")
    for ct_id in {row[6] for row in rows}:
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is not Page:
            missing = (
                Page.objects.filter(content_type_id=ct_id)
                .exclude(pk__in=model._base_manager.values("pk"))
                .count()
            )
            if missing:
                problems.append(f"{missing} {model.__name__} pages without their own row")
    return problems


def compare(n: int, course: CoursePage) -> float:
    """Seconds per lesson the ordinary way, measured in a savepoint that is rolled back."""
    course = CoursePage.objects.get(pk=course.pk)
    sid = transaction.savepoint()
    start = time.perf_counter()
    for number in range(n):
        lesson = LessonPage(
            title=f"对照组第{number + 1}讲",
            slug=f"compare-{number + 1}",
            duration_minutes=10,
            class_hours=Decimal("1"),
            notes=[("paragraph", f"<p>{p}</p>") for p in PARAGRAPHS[:3]],
            questions=[("question", QUESTIONS[0])],
        )
        course.add_child(instance=lesson)
        lesson.save_revision().publish()
    elapsed = time.perf_counter() - start
    transaction.savepoint_rollback(sid)
    return elapsed / max(n, 1)


def bench_urls() -> None:
    """Print the four benchmarked paths: home, catalogue, a school course, one of its lessons."""
    from parentschool.home.models import HomePage

    home = HomePage.objects.get()
    catalogue = CatalogPage.objects.live().get()
    school_courses = CoursePage.objects.live().filter(depth=home.depth + 4).order_by("path")
    course = school_courses[school_courses.count() // 2]
    lessons = LessonPage.objects.live().child_of(course).order_by("path")
    lesson = lessons[lessons.count() // 2]
    for name, page in (
        ("home", home),
        ("catalogue", catalogue),
        ("course", course),
        ("lesson", lesson),
    ):
        print(name, page.get_url())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=50)
    parser.add_argument("--districts", type=int, default=6)
    parser.add_argument("--courses", type=int, default=2000)
    parser.add_argument("--lessons", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--password", default=None, help="password of the demo users (random)")
    parser.add_argument("--compare", type=int, default=0, metavar="N")
    parser.add_argument(
        "--treebeard-check",
        action="store_true",
        help="also run treebeard's Page.find_problems() (two queries a page: slow)",
    )
    parser.add_argument("--search-index", action="store_true", help="run update_index afterwards")
    parser.add_argument("--urls", action="store_true", help="only print the benchmarked paths")
    args = parser.parse_args()
    if args.urls:
        bench_urls()
        return 0
    rng = random.Random(args.seed)  # noqa: S311  (generated demo text, not secrets)
    clock = {}

    t0 = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    clock["migrate"] = time.perf_counter() - t0
    if CoursePage.objects.exists():
        print("This database already has courses; generate into a fresh PARENTSCHOOL_VAR_DIR.")
        return 1

    t_all = time.perf_counter()
    with transaction.atomic():
        t = time.perf_counter()
        city.build(password=args.password or secrets.token_urlsafe(16), pages=False)
        clock["demo people and home page"] = time.perf_counter() - t

        t = time.perf_counter()
        from parentschool.home.models import HomePage

        home = HomePage.objects.get()
        city_region, districts, schools = districts_and_schools(rng, args.schools, args.districts)
        district_pages, school_pages, _catalogue = structural_pages(home, districts, schools)
        home.refresh_from_db()
        clock[f"{len(district_pages)} district + {len(school_pages)} school pages (publish)"] = (
            time.perf_counter() - t
        )

        t = time.perf_counter()
        now = timezone.now().replace(microsecond=0)
        curricula, courses, lessons, timings = content_tree(
            args, rng, home, city_region, district_pages, school_pages, now
        )
        clock[
            f"{len(curricula)} curricula, {len(courses)} courses, {len(lessons)} lessons (bulk)"
        ] = time.perf_counter() - t
        for name, seconds in timings.items():
            clock[f"  of which insert {name}"] = seconds

        t = time.perf_counter()
        home.refresh_from_db()
        for page in district_pages.values():
            page.refresh_from_db()
        collections(home, district_pages, courses, rng)
        clock["featured collections (publish)"] = time.perf_counter() - t

        t = time.perf_counter()
        sync_access()
        clock["groups, permissions, workflows (sync_access)"] = time.perf_counter() - t

        if args.compare:
            per_page = compare(args.compare, courses[0])
            clock[f"compare: {args.compare} lessons by add_child+publish (rolled back)"] = (
                per_page * args.compare
            )

        t = time.perf_counter()
        problems = check_tree()
        clock["tree check"] = time.perf_counter() - t
        if problems:
            raise SystemExit("the page tree is inconsistent:\n" + "\n".join(problems[:20]))
        if args.treebeard_check:
            t = time.perf_counter()
            if any(Page.find_problems()):
                raise SystemExit(f"treebeard reports problems: {Page.find_problems()}")
            clock["Page.find_problems()"] = time.perf_counter() - t
    clock["total (one transaction, incl. commit)"] = time.perf_counter() - t_all

    if args.search_index:
        t = time.perf_counter()
        call_command("update_index", verbosity=0)
        clock["update_index"] = time.perf_counter() - t

    for name, seconds in clock.items():
        print(f"{seconds:9.2f} s  {name}")
    total_pages = len(curricula) + len(courses) + len(lessons)
    print(f"{Page.objects.count()} pages in the tree; {total_pages} bulk-inserted.")
    if args.compare:
        ordinary = per_page * total_pages
        print(
            f"add_child + publish: {per_page * 1000:.1f} ms a page, so about "
            f"{ordinary / 60:.0f} min for the {total_pages} bulk-inserted pages."
        )
    sample_course = courses[len(courses) // 2]
    print("sample course:", sample_course.url_path, "lesson:", sample_course.url_path + "lesson-1/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
