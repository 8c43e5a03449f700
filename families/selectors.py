"""Who may see which family. Every view of family data goes through here.

Scope by role (a user may hold several memberships; their scopes add up):

- a parent sees their own family (through a guardian linked to their account);
- a teacher (教师) sees the families whose child is in a class they head (班主任) at a
  school where they teach: "teachers their classes", not the whole school;
- a school admin (学校管理员) sees every family with a child at their school;
- education bureau staff (教育局) see the families of every school in their district or
  city. Editors and reviewers work on content and see no family data;
- superusers see everything.

A family is one household even when siblings attend different schools: each school sees
the family, but only the children enrolled in its own classes (`children_in_scope`).
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from schools.models import Role, School, SchoolClass
from schools.selectors import schools_in_scope

from .models import Child, ClassDeparture, Family, Guardian

FAMILY_ROLES = (Role.SCHOOL_ADMIN, Role.BUREAU)


def family_classes_in_scope(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[SchoolClass]:
    """Classes whose families' data `user` may see as staff."""
    if not user.is_authenticated:
        return SchoolClass.objects.none()
    if user.is_superuser:
        return SchoolClass.objects.all()
    whole_schools = schools_in_scope(user=user, roles=FAMILY_ROLES)
    teaching = schools_in_scope(user=user, roles=[Role.TEACHER])
    return SchoolClass.objects.filter(
        Q(school__in=whole_schools) | Q(school__in=teaching, head_teacher=user)
    )


def editable_classes(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[SchoolClass]:
    """Classes whose rosters `user` may change: their school's as a school admin, the
    classes they head as a teacher. Bureau staff only read."""
    if not user.is_authenticated:
        return SchoolClass.objects.none()
    if user.is_superuser:
        return SchoolClass.objects.all()
    admin_of = schools_in_scope(user=user, roles=[Role.SCHOOL_ADMIN])
    teaching = schools_in_scope(user=user, roles=[Role.TEACHER])
    return SchoolClass.objects.filter(
        Q(school__in=admin_of) | Q(school__in=teaching, head_teacher=user)
    )


def children_in_scope(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Child]:
    """Children whose records `user` may see: those in their classes, or their own."""
    if not user.is_authenticated:
        return Child.objects.none()
    if user.is_superuser:
        return Child.objects.all()
    own_family = Guardian.objects.filter(user=user).values("family_id")
    return Child.objects.filter(
        Q(school_class__in=family_classes_in_scope(user=user)) | Q(family_id__in=own_family)
    )


def families_in_scope(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Family]:
    """Families with a child in a class the user serves (see the module docstring), or the
    user's own family."""
    if not user.is_authenticated:
        return Family.objects.none()
    if user.is_superuser:
        return Family.objects.all()
    classes = family_classes_in_scope(user=user)
    return Family.objects.filter(
        Q(pk__in=Child.objects.filter(school_class__in=classes).values("family_id"))
        | Q(pk__in=Guardian.objects.filter(user=user).values("family_id"))
    )


def family_of(*, user: AbstractBaseUser | AnonymousUser) -> Family | None:
    if not user.is_authenticated:
        return None
    return Family.objects.filter(guardians__user=user).first()


def whole_schools_in_scope(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[School]:
    """Schools all of whose families `user` sees (school admins, bureau staff)."""
    return schools_in_scope(user=user, roles=FAMILY_ROLES)


def admin_schools(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[School]:
    """Schools whose whole roster `user` may import."""
    return schools_in_scope(user=user, roles=[Role.SCHOOL_ADMIN])


def family_search(*, families: QuerySet[Family], query: str) -> QuerySet[Family]:
    """Families whose number, address, guardian name or number, or child name contains
    `query`. Special-group flags are deliberately not searchable."""
    query = query.strip()
    if not query:
        return families
    matches = (
        Q(code__icontains=query)
        | Q(address__icontains=query)
        | Q(
            pk__in=Guardian.objects.filter(
                Q(name__icontains=query) | Q(phone__icontains=query)
            ).values("family_id")
        )
        | Q(pk__in=Child.objects.filter(name__icontains=query).values("family_id"))
    )
    return families.filter(matches)


def departures_in_scope(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[ClassDeparture]:
    """Records of children moved out of a class the user's family scope covers (or of any
    class of a school they see whole, so a deleted class's records stay visible to it)."""
    if not user.is_authenticated:
        return ClassDeparture.objects.none()
    if user.is_superuser:
        return ClassDeparture.objects.all()
    return ClassDeparture.objects.filter(
        Q(school_class__in=family_classes_in_scope(user=user))
        | Q(school__in=whole_schools_in_scope(user=user))
    )
