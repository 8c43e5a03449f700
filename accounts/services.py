"""Writes of the parents' side: registration, consent, codes, passwords, survey."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage
from families.models import Child, Family, Guardian
from schools.models import School, SchoolClass

from . import codes, selectors
from .errors import AccountError
from .models import (
    ConsentRecord,
    ConsentVersion,
    DisplayPreference,
    InviteCode,
    ResetCode,
    SatisfactionResponse,
)

RESET_CODE_LIFETIME = datetime.timedelta(minutes=30)


def invite_code_issue(
    *,
    school: School,
    school_class: SchoolClass | None,
    days: int,
    max_uses: int,
    user: AbstractBaseUser | None,
) -> InviteCode:
    """Issue a fresh invite code for a school or one of its classes."""
    if school_class is not None and school_class.school_id != school.pk:
        raise AccountError(_("That class is not in this school."), field="school_class")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return InviteCode.objects.create(
                    code=codes.new_invite_code(),
                    school=school,
                    school_class=school_class,
                    expires_at=timezone.now() + datetime.timedelta(days=days),
                    max_uses=max_uses,
                    created_by=user,
                )
        except IntegrityError:  # the one-in-a-trillion clash with an existing code
            continue
    raise AccountError(_("Could not make a new code, please try again."))


def invite_code_revoke(*, invite: InviteCode) -> None:
    """Stop a code from registering anyone else; accounts already made stay."""
    if invite.revoked_at is None:
        invite.revoked_at = timezone.now()
        invite.save(update_fields=["revoked_at"])


def _usable_invite(raw_code: str) -> InviteCode:
    invite = (
        InviteCode.objects.select_for_update()
        .filter(code=codes.normalise_invite_code(raw_code))
        .first()
    )
    if invite is None:
        raise AccountError(_("This invite code does not exist. Please check it."), field="invite")
    if invite.revoked_at is not None:
        raise AccountError(_("This invite code has been withdrawn by the school."), field="invite")
    if invite.expires_at <= timezone.now():
        raise AccountError(
            _("This invite code has expired. Please ask the teacher for a new one."),
            field="invite",
        )
    if invite.uses >= invite.max_uses:
        raise AccountError(
            _("This invite code has been used up. Please ask the teacher for a new one."),
            field="invite",
        )
    return invite


def _child_for(invite: InviteCode, child_name: str) -> Child:
    children = Child.objects.filter(name=child_name.strip())
    if invite.school_class_id:
        children = children.filter(school_class_id=invite.school_class_id)
    else:
        children = children.filter(school_class__school_id=invite.school_id)
    found = list(children.select_related("family")[:2])
    if not found:
        raise AccountError(
            _("No child of this name is enrolled where this code was issued."),
            field="child_name",
        )
    if len(found) > 1:
        raise AccountError(
            _("Two children share this name here. Please ask the head teacher for a class code."),
            field="child_name",
        )
    return found[0]


def _guardian_for(
    *, family: Family, phone: str, name: str, relation: str, user: AbstractBaseUser
) -> Guardian:
    """The family's guardian record with this phone number if the school entered one,
    else a new guardian of the family: several guardians may join the same family."""
    guardian = family.guardians.select_for_update().filter(phone=phone).first()
    if guardian is not None and guardian.user_id is not None:
        raise AccountError(_("This mobile number is already registered."), field="phone")
    if guardian is None:
        return Guardian.objects.create(
            family=family, name=name, relation=relation, phone=phone, user=user
        )
    guardian.user = user
    guardian.save(update_fields=["user"])
    return guardian


@transaction.atomic
def parent_register(
    *,
    phone: str,
    password: str,
    invite_code: str,
    child_name: str,
    guardian_name: str,
    relation: str,
    consent_version: ConsentVersion,
) -> Guardian:
    """Create a parent account bound to a guardian of the family whose child is named,
    record the consent given with it and count the invite's use. Creates nothing when
    any check fails."""
    User = get_user_model()
    if User.objects.filter(username=phone).exists():
        raise AccountError(_("This mobile number is already registered."), field="phone")
    invite = _usable_invite(invite_code)
    child = _child_for(invite, child_name)
    user = User.objects.create_user(username=phone, password=password, first_name=guardian_name)
    guardian = _guardian_for(
        family=child.family, phone=phone, name=guardian_name, relation=relation, user=user
    )
    consent_record(user=user, version=consent_version, action=ConsentRecord.Action.GRANT)
    invite.uses += 1
    invite.save(update_fields=["uses"])
    return guardian


def consent_record(
    *, user: AbstractBaseUser, version: ConsentVersion, action: str
) -> ConsentRecord:
    """Append a consent decision to the user's history."""
    return ConsentRecord.objects.create(user=user, version=version, action=action)


def consent_version_publish(*, title: str, body: str) -> ConsentVersion:
    """Publish a new wording: every guardian is asked again at their next visit."""
    latest = ConsentVersion.objects.order_by("-version").values_list("version", flat=True).first()
    return ConsentVersion.objects.create(version=(latest or 0) + 1, title=title, body=body)


def reset_code_issue(*, user: AbstractBaseUser, issued_by: AbstractBaseUser) -> str:
    """Issue a one-time reset code for a parent and return it (shown once). Earlier codes
    of the same parent stop working."""
    ResetCode.objects.filter(user=user, used_at=None).update(used_at=timezone.now())
    code = codes.new_reset_code()
    ResetCode.objects.create(
        user=user,
        code_hash=codes.hash_reset_code(code),
        issued_by=issued_by,
        expires_at=timezone.now() + RESET_CODE_LIFETIME,
    )
    return code


@transaction.atomic
def password_reset_with_code(*, phone: str, code: str, new_password: str) -> AbstractBaseUser:
    """Set a new password with a code from the school; the code is spent."""
    invalid = AccountError(
        _("The mobile number or the reset code is wrong, or the code has expired.")
    )
    user = get_user_model().objects.filter(username=phone.strip()).first()
    if user is None:
        raise invalid
    reset = (
        ResetCode.objects.select_for_update()
        .filter(user=user, used_at=None, expires_at__gt=timezone.now())
        .first()
    )
    if reset is None or not codes.reset_code_matches(code, reset.code_hash):
        raise invalid
    reset.used_at = timezone.now()
    reset.save(update_fields=["used_at"])
    user.set_password(new_password)
    user.save(update_fields=["password"])
    return user


def large_text_set(*, user: AbstractBaseUser, enabled: bool) -> None:
    """Remember the large-text choice with the account."""
    DisplayPreference.objects.update_or_create(user=user, defaults={"large_text": enabled})


def satisfaction_submit(
    *, family: Family, course: CoursePage, user: AbstractBaseUser, score: int, comment: str
) -> SatisfactionResponse:
    """Record a family's rating of a course; a family rates each course once, and only
    after the ledger credits it with a lesson of that course."""
    if not selectors.course_credited(family=family, course=course):
        raise AccountError(
            _("The survey opens once your family has completed a lesson of this course.")
        )
    if SatisfactionResponse.objects.filter(family=family, course=course).exists():
        raise AccountError(_("Your family has already rated this course. Thank you!"))
    return SatisfactionResponse.objects.create(
        family=family, course=course, user=user, score=score, comment=comment.strip()
    )
