"""Recompute the tables reports read instead of the raw data: every family's running
totals per school year (from the ledger) and which classes, schools and districts each
family is in (from the children).

Both are kept right as data changes (the totals by `services.ledger_append`, the
enrolments by database triggers); this is for a database loaded around them, e.g. a
restore with triggers disabled, or to prove they agree."""

from django.core.management.base import BaseCommand

from attendance.models import SchoolYear
from attendance.services import totals_rebuild
from families.services import enrolments_rebuild


class Command(BaseCommand):
    help = "Recompute the hours running totals and the family enrolments the reports read."

    def handle(self, *args, **options):
        for school_year in SchoolYear.objects.select_related("region").order_by("starts_on"):
            families = totals_rebuild(school_year=school_year)
            self.stdout.write(f"{school_year.region} {school_year}: {families} families")
        self.stdout.write(f"enrolments: {enrolments_rebuild()} rows")
