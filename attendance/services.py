"""Writes to the hours ledger. Every credit goes through `ledger_append`, whose unique
idempotency key makes duplicates (double check-ins, retried forms, a lesson finished
twice) harmless."""

import os
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import ActivityPage
from families.models import Family

from . import selectors
from .models import (
    MAX_SEMESTERS,
    ExportJob,
    FamilyYearTotal,
    LedgerEntry,
    SchoolYear,
    Semester,
)


class CreditRefused(Exception):
    """A credit that must not be recorded; the message is shown to the user."""


def ledger_append(
    *,
    family: Family,
    school_year: SchoolYear,
    source: str,
    key: str,
    created_by: AbstractBaseUser | None,
    class_hours: Decimal = Decimal("0"),
    minutes: int = 0,
    sessions: int = 0,
    guidance: int = 0,
    semester: Semester | None = None,
    lesson=None,
    activity=None,
    reason: str = "",
    evidence: dict | None = None,
) -> tuple[LedgerEntry, bool]:
    """Append one entry; if `key` was recorded before, return that entry and False.

    The unique key, not a prior read, is what stops double credit: two concurrent
    requests for the same event race to the insert and exactly one wins."""
    entry = LedgerEntry(
        family=family,
        school_year=school_year,
        semester=semester,
        source=source,
        class_hours=class_hours,
        minutes=minutes,
        sessions=sessions,
        guidance=guidance,
        lesson=lesson,
        activity=activity,
        reason=reason,
        evidence=evidence or {},
        created_by=created_by,
        idempotency_key=key,
    )
    try:
        with transaction.atomic():
            entry.save()
            totals_add(entry=entry)
    except IntegrityError:
        return LedgerEntry.objects.get(idempotency_key=key), False
    return entry, True


def _guidance_column(entry: LedgerEntry) -> str | None:
    if not (entry.guidance and entry.semester_id):
        return None
    ordered = list(entry.school_year.semesters.order_by("starts_on").values_list("pk", flat=True))
    index = ordered.index(entry.semester_id)
    return f"guidance_{index + 1}" if index < MAX_SEMESTERS else None


def totals_add(*, entry: LedgerEntry) -> None:
    """Add `entry` to its family's running totals for the year (see FamilyYearTotal)."""
    changes = {
        "sessions": F("sessions") + entry.sessions,
        "class_hours": F("class_hours") + entry.class_hours,
        "entries": F("entries") + 1,
    }
    column = _guidance_column(entry)
    if column:
        changes[column] = F(column) + entry.guidance
    rows = FamilyYearTotal.objects.filter(family=entry.family, school_year=entry.school_year)
    if rows.update(**changes):
        return
    try:
        with transaction.atomic():
            FamilyYearTotal.objects.create(family=entry.family, school_year=entry.school_year)
    except IntegrityError:
        pass  # a concurrent append created it first
    rows.update(**changes)


@transaction.atomic
def totals_rebuild(*, school_year: SchoolYear) -> int:
    """Recompute the year's running totals from the ledger itself; returns families.
    Credits recorded while it runs may be missed: run it when nobody is watching."""
    FamilyYearTotal.objects.filter(school_year=school_year).delete()
    semesters = list(school_year.semesters.order_by("starts_on").values_list("pk", flat=True))
    guidance = {
        f"guidance_{i + 1}": Sum("guidance", filter=Q(semester_id=pk), default=0)
        for i, pk in enumerate(semesters[:MAX_SEMESTERS])
    }
    sums = (
        LedgerEntry.objects.filter(school_year=school_year)
        .values("family_id")
        .annotate(
            sessions_sum=Sum("sessions"),
            hours_sum=Sum("class_hours"),
            count=Count("pk"),
            **guidance,
        )
    )
    FamilyYearTotal.objects.bulk_create(
        FamilyYearTotal(
            family_id=row["family_id"],
            school_year=school_year,
            sessions=row["sessions_sum"],
            class_hours=row["hours_sum"],
            entries=row["count"],
            **{name: row[name] for name in guidance},
        )
        for row in sums
    )
    return len(sums)


def calendar_for(*, family: Family, day=None) -> tuple[SchoolYear, Semester | None]:
    """The school year and semester a credit of `family` on `day` belongs to."""
    day = day or timezone.localdate()
    school = selectors.school_of_family(family=family)
    if school is None:
        raise CreditRefused(_("This family has no child enrolled in a class."))
    school_year = selectors.school_year_on(region=school.region, day=day)
    if school_year is None:
        raise CreditRefused(_("No school year is set up for this date yet."))
    return school_year, selectors.semester_on(school_year=school_year, day=day)


def activity_credit(
    *,
    family: Family,
    activity: ActivityPage,
    source: str,
    created_by: AbstractBaseUser,
    evidence: dict,
) -> tuple[LedgerEntry, bool]:
    """Credit `family` for attending `activity`, by QR check-in or roster marking. One
    key per family and activity: a second scan, or a mark after a scan, adds nothing."""
    school_year, semester = calendar_for(family=family, day=timezone.localdate(activity.starts_at))
    is_guidance = activity.kind == ActivityPage.Kind.GUIDANCE
    return ledger_append(
        family=family,
        school_year=school_year,
        semester=semester,
        source=source,
        key=f"activity:{family.pk}:{activity.pk}",
        created_by=created_by,
        class_hours=activity.class_hours,
        minutes=int((activity.ends_at - activity.starts_at).total_seconds() // 60),
        sessions=1,
        guidance=1 if is_guidance else 0,
        activity=activity,
        evidence=evidence,
    )


def home_visit_record(
    *,
    family: Family,
    visited_on,
    minutes: int,
    note: str,
    created_by: AbstractBaseUser,
    form_token: str,
) -> tuple[LedgerEntry, bool]:
    """Record a teacher's home visit (家访): one session and one guidance activity, its
    minutes converted to class hours by the region's rule. `form_token` makes a resent
    form harmless."""
    if minutes <= 0:
        raise CreditRefused(_("A home visit must last at least one minute."))
    school_year, semester = calendar_for(family=family, day=visited_on)
    school = selectors.school_of_family(family=family)
    rule = selectors.rule_for(region=school.region, school_year=school_year)
    hours = (Decimal(minutes) / rule.minutes_per_class_hour).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return ledger_append(
        family=family,
        school_year=school_year,
        semester=semester,
        source=LedgerEntry.Source.HOME_VISIT,
        key=f"visit:{form_token}",
        created_by=created_by,
        class_hours=hours,
        minutes=minutes,
        sessions=1,
        guidance=1,
        reason=note,
        evidence={"visited_on": visited_on.isoformat(), "note": note},
    )


def adjustment_record(
    *,
    family: Family,
    school_year: SchoolYear,
    class_hours: Decimal,
    sessions: int,
    guidance: int,
    reason: str,
    created_by: AbstractBaseUser,
    form_token: str,
) -> tuple[LedgerEntry, bool]:
    """A school admin's correction (positive or negative), with its reason, as a new
    entry: the ledger is never rewritten, so the audit trail keeps both."""
    if not reason.strip():
        raise CreditRefused(_("Give a reason for the adjustment."))
    if not (class_hours or sessions or guidance):
        raise CreditRefused(_("The adjustment changes nothing."))
    semester = selectors.semester_on(school_year=school_year, day=timezone.localdate())
    return ledger_append(
        family=family,
        school_year=school_year,
        semester=semester if guidance else None,
        source=LedgerEntry.Source.ADJUSTMENT,
        key=f"adjust:{form_token}",
        created_by=created_by,
        class_hours=class_hours,
        sessions=sessions,
        guidance=guidance,
        reason=reason.strip(),
        evidence={"reason": reason.strip()},
    )


def export_request(
    *, user: AbstractBaseUser, level: str, target_id: int, school_year: SchoolYear
) -> ExportJob:
    """Queue an Excel export of the families of a region, school or class. The caller
    has checked that `user` may read that scope."""
    from .tasks import run_export

    job = ExportJob.objects.create(
        user=user, level=level, target_id=target_id, school_year=school_year
    )
    transaction.on_commit(lambda: run_export.enqueue(job_id=str(job.pk)))
    return job


def export_run(*, job_id: str) -> None:
    """Write the workbook, saving progress after each batch so the page can show it."""
    from . import excel

    job = ExportJob.objects.select_related("school_year").get(pk=job_id)
    if job.status == ExportJob.Status.DONE:
        return

    def progress(done: int, total: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.RUNNING, done_rows=done, total_rows=total
        )

    try:
        families = excel.families_of(level=job.level, target_id=job.target_id)
        path = excel.write_export(
            families=families, school_year=job.school_year, on_progress=progress
        )
        with open(path, "rb") as handle:
            job.file.save(f"hours-{job.pk}.xlsx", File(handle), save=False)
        os.unlink(path)
    except Exception as error:  # noqa: BLE001  (the page must say it failed, not spin)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE, file=job.file.name, finished_at=timezone.now()
    )
