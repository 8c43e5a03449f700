"""The hours ledger: append-only entries, one per credited event, each with its evidence."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Ledger entries are never changed or deleted: corrections are new entries."""


class LedgerEntry(models.Model):
    """One credited event for a family. `idempotency_key` is unique, so the same event
    (a lesson finished again, a second check-in, a retried form) can never count twice."""

    class Source(models.TextChoices):
        ONLINE_LESSON = "online", _("Online lesson")
        CHECK_IN = "checkin", _("Activity check-in")
        ROSTER = "roster", _("Marked on the roster")
        HOME_VISIT = "home_visit", _("Home visit")
        ADJUSTMENT = "adjustment", _("Manual adjustment")

    family = models.ForeignKey(
        "families.Family",
        verbose_name=_("Family"),
        on_delete=models.PROTECT,
        related_name="ledger_entries",
    )
    school_year = models.ForeignKey(
        "attendance.SchoolYear", verbose_name=_("School year"), on_delete=models.PROTECT
    )
    semester = models.ForeignKey(
        "attendance.Semester",
        verbose_name=_("Semester"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    source = models.CharField(_("Source"), max_length=16, choices=Source.choices)
    class_hours = models.DecimalField(
        _("Class hours"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    minutes = models.IntegerField(_("Minutes"), default=0)
    sessions = models.SmallIntegerField(_("Sessions"), default=0)
    guidance = models.SmallIntegerField(_("Guidance activities"), default=0)
    lesson = models.ForeignKey(
        "courses.LessonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    activity = models.ForeignKey(
        "courses.ActivityPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("Reason"), max_length=200, blank=True)
    evidence = models.JSONField(_("Evidence"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Recorded at"), auto_now_add=True, db_index=True)
    idempotency_key = models.CharField(max_length=120, unique=True)

    class Meta:
        verbose_name = _("Ledger entry")
        verbose_name_plural = _("Ledger entries")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["school_year", "family"], name="ledger_year_family")]

    def __str__(self) -> str:
        return f"{self.family_id} · {self.get_source_display()} · {self.class_hours}"

    # The guards below keep the ledger append-only even against careless code; the
    # audit trail is worthless if a row can be rewritten.
    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("ledger entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("ledger entries cannot be deleted")
