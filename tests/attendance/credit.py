"""Put entries straight into the ledger for report tests."""

from decimal import Decimal

from attendance import services
from attendance.models import LedgerEntry


def credit(world, family, key: str, *, hours="2", sessions=1, guidance=0):
    year = world["year"]
    semester = year.semesters.order_by("starts_on").first() if guidance else None
    return services.ledger_append(
        family=family,
        school_year=year,
        source=LedgerEntry.Source.ADJUSTMENT,
        key=key,
        created_by=None,
        class_hours=Decimal(hours),
        sessions=sessions,
        guidance=guidance,
        semester=semester,
        reason="测试",
    )[0]


def make_compliant(world, family, prefix: str = "c") -> None:
    for i in range(4):
        credit(world, family, f"{prefix}{family.pk}-{i}", hours="2", guidance=1 if i < 2 else 0)
