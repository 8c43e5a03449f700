"""Who may see and record whose hours. Built on the shared scope selectors
(`schools_in_scope`, `classes_in_scope`, `families_in_scope`) and narrowed further:
a teacher sees the classes they head, a school admin their school, bureau staff their
district or city. Editors and reviewers see no family data."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from families.models import Family
from families.selectors import families_in_scope
from schools.models import Region, Role, School, SchoolClass
from schools.selectors import classes_in_scope, regions_in_scope, schools_in_scope

User = AbstractBaseUser | AnonymousUser
REPORT_ROLES = (Role.SCHOOL_ADMIN, Role.BUREAU)


def report_schools(*, user: User) -> QuerySet[School]:
    """Schools whose whole hours report `user` may read (school admins, bureau staff)."""
    return schools_in_scope(user=user, roles=REPORT_ROLES)


def report_classes(*, user: User) -> QuerySet[SchoolClass]:
    """Classes whose families' hours `user` may read: their school's or region's, or,
    for a teacher, the classes they head."""
    classes = classes_in_scope(user=user)
    if user.is_superuser:
        return classes
    whole_schools = report_schools(user=user)
    own_classes = schools_in_scope(user=user, roles=[Role.TEACHER])
    return classes.filter(school__in=whole_schools) | classes.filter(
        school__in=own_classes, head_teacher=user
    )


def report_families(*, user: User) -> QuerySet[Family]:
    """Families whose ledger `user` may read as staff (never through a parent link)."""
    return families_in_scope(user=user).filter(children__school_class__in=report_classes(user=user))


def report_regions(*, user: User) -> QuerySet[Region]:
    """Regions whose dashboard `user` may read: bureau staff's region and those below."""
    return regions_in_scope(user=user, roles=[Role.BUREAU])


def activity_staff_schools(*, user: User) -> QuerySet[School]:
    """Schools whose activities `user` may run check-ins and rosters for."""
    return schools_in_scope(user=user, roles=[Role.TEACHER, Role.SCHOOL_ADMIN])


def may_adjust(*, user: User, family: Family) -> bool:
    """Manual adjustments are for the school admins of a school the family belongs to."""
    schools = schools_in_scope(user=user, roles=[Role.SCHOOL_ADMIN])
    return schools.filter(classes__children__family=family).exists()
