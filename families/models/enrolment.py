"""Which classes, schools and districts each family belongs to, one row per (family,
class), kept by the database itself.

Reports group families by class, school or district. Working that out from the
children at report time (join children → classes → schools, de-duplicate, mark each
family's first row) cost a 300,000-family district more than half a second before any
hours were read. This table holds the answer ready, with each family's first class in a
school and first school in a district marked, and how many schools and districts it
spans.

Triggers on the children, classes and schools tables rewrite a family's rows in the same
transaction as any change that moves it (`families.enrolment_triggers`), so every write path
— the ORM, bulk roster imports, the admin, raw SQL — keeps it exact. Nothing in Python
writes it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


def _pointer(to: str) -> models.ForeignKey:
    # No database constraint, index or cascade: the triggers own these rows, and a
    # family, class or school can only go once its children have left (and their rows
    # with them). The table's own indexes serve the reports.
    return models.ForeignKey(
        to, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )


class FamilyEnrolment(models.Model):
    family = _pointer("families.Family")
    school_class = _pointer("schools.SchoolClass")
    school = _pointer("schools.School")
    region = _pointer("schools.Region")
    # The family's lowest class in this school, and its lowest (school, class) in this
    # district: a report counts a family once per school or district through these rows.
    first_in_school = models.BooleanField()
    first_in_region = models.BooleanField()
    # How many schools and districts the family's children are in (almost always 1).
    schools = models.IntegerField()
    regions = models.IntegerField()

    class Meta:
        verbose_name = _("Family in a class")
        verbose_name_plural = _("Families in classes")
        constraints = [
            models.UniqueConstraint(fields=["family", "school_class"], name="unique_enrolment"),
        ]
        indexes = [
            models.Index(fields=["region", "school"], name="enrolment_region"),
            models.Index(fields=["school", "school_class"], name="enrolment_school"),
        ]

    def __str__(self) -> str:
        return f"{self.family_id} · {self.school_class_id}"
