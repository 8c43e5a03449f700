"""Rotating QR check-in: the teacher's screen shows a signed token that expires after a
minute, so a photo of the code passed around a WeChat group is useless to families who
are not in the room. A family can check in once per activity however often it scans."""

import datetime

import segno
from django.core import signing
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import ActivityPage
from families.models import Family

from .models import LedgerEntry
from .services import CreditRefused, activity_credit

TOKEN_SECONDS = 60
SALT = "attendance.checkin"
# Check-in is open from shortly before an activity starts until shortly after it ends.
WINDOW = datetime.timedelta(hours=1)


def checkin_token(*, activity: ActivityPage) -> str:
    issued = int(timezone.now().timestamp())
    return signing.dumps({"a": activity.pk, "t": issued}, salt=SALT, compress=True)


def checkin_qr_svg(*, url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=6, border=2)


def activity_from_token(*, token: str) -> tuple[ActivityPage, dict]:
    """The activity a fresh token names; refuses expired, forged or unknown tokens."""
    try:
        data = signing.loads(token, salt=SALT, max_age=TOKEN_SECONDS)
    except signing.SignatureExpired as expired:
        raise CreditRefused(
            _("This QR code has expired. Please scan the latest code on the teacher's screen.")
        ) from expired
    except signing.BadSignature as bad:
        raise CreditRefused(_("This QR code is not valid.")) from bad
    activity = ActivityPage.objects.live().filter(pk=data.get("a")).first()
    if activity is None:
        raise CreditRefused(_("This activity no longer exists."))
    return activity, data


def check_open(*, activity: ActivityPage) -> None:
    now = timezone.now()
    if now < activity.starts_at - WINDOW:
        raise CreditRefused(_("Check-in for this activity has not opened yet."))
    if now > activity.ends_at + WINDOW:
        raise CreditRefused(_("Check-in for this activity has closed."))


def is_invited(*, family: Family, activity: ActivityPage) -> bool:
    """The family has a child in one of the activity's classes (or, with none chosen,
    in the activity's school)."""
    targets = list(activity.target_classes.values_list("pk", flat=True))
    where = Q(school_class__in=targets) if targets else Q(school_class__school=activity.school)
    return family.children.filter(where).exists()


def checkin_by_token(*, token: str, family: Family, user) -> tuple[LedgerEntry, bool]:
    """Check `family` in to the activity `token` names; (entry, False) when it already was."""
    activity, data = activity_from_token(token=token)
    check_open(activity=activity)
    if not is_invited(family=family, activity=activity):
        raise CreditRefused(_("Your family's children are not in the classes of this activity."))
    return activity_credit(
        family=family,
        activity=activity,
        source=LedgerEntry.Source.CHECK_IN,
        created_by=user,
        evidence={"method": "qr", "token_issued_at": data.get("t")},
    )
