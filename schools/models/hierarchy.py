"""The education hierarchy: city → district/county → school → class, and staff scopes.

These rows are the source of truth for *who may see what*: every view of family data
asks `schools.selectors` whether the user's scope covers the school concerned.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A city or a district/county under it (区县)."""

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        DISTRICT = "district", _("District/county")

    name = models.CharField(_("Name"), max_length=64)
    kind = models.CharField(_("Level"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("Division code"), max_length=12, unique=True)

    class Meta:
        verbose_name = _("Region")
        verbose_name_plural = _("Region")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == self.Kind.CITY and self.parent_id:
            raise ValidationError({"parent": _("A city cannot have a parent region.")})
        if self.kind == self.Kind.DISTRICT and not self.parent_id:
            raise ValidationError({"parent": _("A district or county must belong to a city.")})

    def self_and_descendant_ids(self) -> list[int]:
        """This region and every region below it (the hierarchy is two levels deep)."""
        ids = [self.pk]
        frontier = [self.pk]
        while frontier:
            frontier = list(
                Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            ids.extend(frontier)
        return ids


class Stage(models.TextChoices):
    """School stages (学段)."""

    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY = "primary", _("Primary")
    JUNIOR = "junior", _("Junior secondary")
    SENIOR = "senior", _("Senior secondary")


class Grade(models.TextChoices):
    """Grades (年级), grouped by stage through their prefix."""

    K1 = "k1", _("Kindergarten junior class")
    K2 = "k2", _("Kindergarten middle class")
    K3 = "k3", _("Kindergarten senior class")
    P1 = "p1", _("Grade 1")
    P2 = "p2", _("Grade 2")
    P3 = "p3", _("Grade 3")
    P4 = "p4", _("Grade 4")
    P5 = "p5", _("Grade 5")
    P6 = "p6", _("Grade 6")
    J1 = "j1", _("Grade 7")
    J2 = "j2", _("Grade 8")
    J3 = "j3", _("Grade 9")
    S1 = "s1", _("Senior year 1")
    S2 = "s2", _("Senior year 2")
    S3 = "s3", _("Senior year 3")


GRADE_STAGE = {"k": Stage.KINDERGARTEN, "p": Stage.PRIMARY, "j": Stage.JUNIOR, "s": Stage.SENIOR}


def stage_of_grade(grade: str) -> str:
    return GRADE_STAGE[grade[0]]


def grades_of_stage(stage: str) -> list[str]:
    return [g.value for g in Grade if GRADE_STAGE[g.value[0]] == stage]


class GradeLevel(models.Model):
    """One row per grade, so pages can target grades through a many-to-many field that
    filters the same way on SQLite and PostgreSQL. Rows come from a migration."""

    code = models.CharField(_("Code"), max_length=4, unique=True, choices=Grade.choices)
    stage = models.CharField(_("Stage"), max_length=16, choices=Stage.choices)
    sort_order = models.PositiveSmallIntegerField(_("Sort order"))

    class Meta:
        verbose_name = _("Grade")
        verbose_name_plural = _("Grades")
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return str(self.get_code_display())


def ensure_grade_levels(model=None) -> None:
    """Create the fixed grade rows; takes the historical model inside a migration."""
    model = model or GradeLevel
    for order, grade in enumerate(Grade):
        model.objects.update_or_create(
            code=grade.value,
            defaults={"stage": GRADE_STAGE[grade.value[0]].value, "sort_order": order},
        )


class School(models.Model):
    """A school, or a community parent school (社区家长学校) beside the schools."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        COMMUNITY = "community", _("Community parent school")

    region = models.ForeignKey(
        Region, verbose_name=_("District/county"), on_delete=models.PROTECT, related_name="schools"
    )
    name = models.CharField(_("Name"), max_length=100, unique=True)
    kind = models.CharField(_("Type"), max_length=16, choices=Kind.choices, default=Kind.SCHOOL)
    stages = models.JSONField(
        _("Stages"),
        default=list,
        blank=True,
        help_text=_("The stages the school teaches; a nine-year school has several."),
    )
    address = models.CharField(_("Address"), max_length=200, blank=True)
    phone = models.CharField(_("Phone"), max_length=32, blank=True)
    code = models.CharField(_("School code"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("School")
        verbose_name_plural = _("School")
        ordering = ["region__code", "code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        valid = set(Stage.values)
        unknown = [s for s in self.stages if s not in valid]
        if unknown:
            raise ValidationError({"stages": _("Unknown stages: %s") % "、".join(unknown)})
        if self.kind == self.Kind.SCHOOL and not self.stages:
            raise ValidationError({"stages": _("A school needs at least one stage.")})
        if self.region_id and self.region.kind != Region.Kind.DISTRICT:
            raise ValidationError({"region": _("A school must belong to a district or county.")})

    def get_stages_display(self) -> str:
        labels = dict(Stage.choices)
        return "、".join(str(labels[s]) for s in self.stages if s in labels)


class SchoolClass(models.Model):
    """A class (班级) of a school; families are reached through their children's classes."""

    school = models.ForeignKey(
        School, verbose_name=_("School"), on_delete=models.CASCADE, related_name="classes"
    )
    grade = models.CharField(_("Grade"), max_length=4, choices=Grade.choices)
    number = models.PositiveSmallIntegerField(_("Class number"))
    head_teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Head teacher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="head_of_classes",
    )

    class Meta:
        verbose_name = _("Class")
        verbose_name_plural = _("Class")
        ordering = ["school", "grade", "number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "grade", "number"], name="unique_class"),
        ]

    def __str__(self) -> str:
        return _("%(grade)s class %(number)s") % {
            "grade": self.get_grade_display(),
            "number": self.number,
        }

    @property
    def stage(self) -> str:
        return stage_of_grade(self.grade)


class Role(models.TextChoices):
    """Staff roles. Parents are not staff: they reach the site through a family guardian."""

    TEACHER = "teacher", _("Teacher")
    SCHOOL_ADMIN = "school_admin", _("School administrator")
    EDITOR = "editor", _("Editor")
    REVIEWER = "reviewer", _("Reviewer")
    BUREAU = "bureau", _("Education bureau")


SCHOOL_ROLES = {Role.TEACHER, Role.SCHOOL_ADMIN}
REGION_ROLES = {Role.EDITOR, Role.REVIEWER, Role.BUREAU}


class Membership(models.Model):
    """A user's role and where it applies: one school, or a region and all below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("User"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("Role"), max_length=16, choices=Role.choices)
    school = models.ForeignKey(
        School, verbose_name=_("School"), null=True, blank=True, on_delete=models.CASCADE
    )
    region = models.ForeignKey(
        Region, verbose_name=_("Region"), null=True, blank=True, on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("Membership")
        verbose_name_plural = _("Membership")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(school__isnull=False, region__isnull=True)
                    | models.Q(school__isnull=True, region__isnull=False)
                ),
                name="membership_one_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "school", "region"], name="unique_membership"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.school or self.region}"

    def clean(self) -> None:
        if self.role in SCHOOL_ROLES and not self.school_id:
            raise ValidationError({"school": _("This role must belong to a school.")})
        if self.role in REGION_ROLES and not self.region_id:
            raise ValidationError({"region": _("This role must belong to a region.")})
