"""What a page can be narrowed by on the search page: one list of "facet:value" strings per
page, indexed as a keyword field on the engine and as rows of SearchFacet on the database."""

from django.utils.translation import gettext_lazy as _

from schools.models.hierarchy import stage_of_grade

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

    school_page = SchoolPage.objects.ancestor_of(page, inclusive=True).select_related("school")
    first = school_page.first()
    return first.school.name if first else None


def _course_values(course) -> list[tuple[str, str]]:
    grades = [grade.code for grade in course.grades.all()]
    values = [("grade", code) for code in grades]
    values += [("stage", stage) for stage in dict.fromkeys(stage_of_grade(g) for g in grades)]
    values += [("topic", topic.name) for topic in course.topics.all()]
    values.append(("premium", "yes" if course.is_premium else "no"))
    return values


def page_facets(page) -> list[str]:
    """The "facet:value" strings of a specific page (a lesson inherits its course's)."""
    kind = type(page).__name__.lower()
    values: list[tuple[str, str]] = [("type", kind)]
    if kind == "coursepage":
        values += _course_values(page)
    elif kind == "lessonpage":
        course = page.get_parent().specific
        values += _course_values(course)
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
    course = page.get_parent().specific if kind == "lessonpage" else page
    if kind == "lessonpage":
        words.append(course.title)
    if kind in ("coursepage", "lessonpage"):
        if course.lecturer:
            words += [course.lecturer.name, course.lecturer.title]
        with translation.override("zh-hans"):
            words += [str(grade) for grade in course.grades.all()]
    if kind in ("coursepage", "lessonpage", "curriculumpage"):
        words += [topic.name for topic in course.topics.all()]
    if kind == "activitypage":
        with translation.override("zh-hans"):
            words.append(str(page.get_kind_display()))
    school = _school_name(page)
    if school:
        words.append(school)
    return " ".join(word for word in words if word)
