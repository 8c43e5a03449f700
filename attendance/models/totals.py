"""Running totals of the ledger per family and school year, for fast reports.

Kept by `services.ledger_append` in the same transaction as the entry it adds, so the
totals always equal the sum of the ledger (`manage.py rebuild_report_tables` recomputes
them from the ledger should anyone doubt it). A district report then reads one row per
family instead of summing millions of entries."""

from decimal import Decimal

from django.db import models

MAX_SEMESTERS = 3


class FamilyYearTotal(models.Model):
    family = models.ForeignKey("families.Family", on_delete=models.CASCADE, related_name="+")
    school_year = models.ForeignKey("attendance.SchoolYear", on_delete=models.CASCADE)
    sessions = models.IntegerField(default=0)
    class_hours = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    # Guidance activities in the school year's first, second and third semester.
    guidance_1 = models.IntegerField(default=0)
    guidance_2 = models.IntegerField(default=0)
    guidance_3 = models.IntegerField(default=0)
    entries = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school_year", "family"], name="unique_year_total"),
        ]

    def __str__(self) -> str:
        return f"{self.family_id} · {self.school_year_id}: {self.sessions}/{self.class_hours}"
