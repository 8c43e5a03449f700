"""What a page can be narrowed by on the search page: one list of "facet:value" strings per
page, indexed as a keyword field on the engine and as rows of SearchFacet on the database."""

from django.utils.translation import gettext_lazy as _

from schools.models.hierarchy import stage_of_grade
from search.lookups import looked_up

FACETS = {
    "type": _("Content type"),
    "stage": _("Stage"),
    "grade": _("Grade"),
    "topic": _("Topic"),
    "school": _("School"),
    "premium": _("Premium"),
}
TYPES = {
    "coursepage": _("Course"),
    "lessonpage": _("Lesson"),
    "curriculumpage": _("Curriculum"),
    "activitypage": _("Offline activity"),
    "schoolpage": _("School"),
}


def _school_name(page) -> str | None:
    from schools.models import SchoolPage

    def lookup() -> str | None:
        school_page = SchoolPage.objects.ancestor_of(page, inclusive=True)
        first = school_page.select_related("school").first()
        return first.school.name if first else None

    # A lesson's school is its course's: the lessons of a course share one lookup.
    is_lesson = type(page).__name__.lower() == "lessonpage"
    return looked_up(("school", page.path[: -page.steplen] if is_lesson else page.path), lookup)


def _course_of(page):
    """The course page of a lesson (its parent), or the page itself."""
    if type(page).__name__.lower() != "lessonpage":
        return page
    return looked_up(("parent", page.path[: -page.steplen]), lambda: page.get_parent().specific)


def _course_facts(course) -> dict:
    def lookup() -> dict:
        return {
            "grades": list(course.grades.all()),
            "topics": [topic.name for topic in course.topics.all()],
            "lecturer": course.lecturer,
        }

    return looked_up(("course", course.pk), lookup)


def _course_values(course) -> list[tuple[str, str]]:
    facts = _course_facts(course)
    grades = [grade.code for grade in facts["grades"]]
    values = [("grade", code) for code in grades]
    values += [("stage", stage) for stage in dict.fromkeys(stage_of_grade(g) for g in grades)]
    values += [("topic", name) for name in facts["topics"]]
    values.append(("premium", "yes" if course.is_premium else "no"))
    return values


def page_facets(page) -> list[str]:
    """The "facet:value" strings of a specific page (a lesson inherits its course's)."""
    kind = type(page).__name__.lower()
    values: list[tuple[str, str]] = [("type", kind)]
    if kind == "coursepage":
        values += _course_values(page)
    elif kind == "lessonpage":
        values += _course_values(_course_of(page))
    elif kind == "curriculumpage":
        if page.stage:
            values.append(("stage", page.stage))
        values += [("topic", topic.name) for topic in page.topics.all()]
    elif kind == "activitypage":
        grades = {school_class.grade for school_class in page.target_classes.all()}
        values += [("grade", code) for code in sorted(grades)]
        values += [("stage", s) for s in sorted({stage_of_grade(g) for g in grades})]
    elif kind == "schoolpage":
        values += [("stage", stage) for stage in page.school.stages]
    school = _school_name(page)
    if school:
        values.append(("school", school))
    return [f"{facet}:{value}" for facet, value in dict.fromkeys(values)]


def split(facet_value: str) -> tuple[str, str]:
    facet, _sep, value = facet_value.partition(":")
    return facet, value


def page_keywords(page) -> str:
    """Words a parent may search for that are not in the page's own text: topics, lecturer,
    grades, school, and for a lesson its course's title."""
    from django.utils import translation

    kind = type(page).__name__.lower()
    words: list[str] = []
    course = _course_of(page)
    if kind == "lessonpage":
        words.append(course.title)
    if kind in ("coursepage", "lessonpage"):
        facts = _course_facts(course)
        if facts["lecturer"]:
            words += [facts["lecturer"].name, facts["lecturer"].title]
        with translation.override("zh-hans"):
            words += [str(grade) for grade in facts["grades"]]
        words += facts["topics"]
    if kind == "curriculumpage":
        words += [topic.name for topic in course.topics.all()]
    if kind == "activitypage":
        with translation.override("zh-hans"):
            words.append(str(page.get_kind_display()))
    school = _school_name(page)
    if school:
        words.append(school)
    return " ".join(word for word in words if word)
