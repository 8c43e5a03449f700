"""Who may see, edit, delete and choose lecturers.

Group permissions (`schools.roles`) say what a role may do with lecturers at all; the
user's memberships say whose: a teacher or school admin works on their school's
lecturers, an editor on those of every school in their city or district and on the
lecturers the city or district itself owns (its guidance centre's experts). Superusers
work on all, unowned lecturers included.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from wagtail.permission_policies.base import ModelPermissionPolicy

from schools.models import SCHOOL_ROLES, Region, Role, School
from schools.selectors import regions_in_scope, schools_in_scope

User = AbstractBaseUser | AnonymousUser
LECTURER_ROLES = (Role.TEACHER, Role.SCHOOL_ADMIN, Role.EDITOR)


def lecturer_schools(*, user: User) -> QuerySet[School]:
    """Schools whose lecturers `user` works on."""
    return schools_in_scope(user=user, roles=LECTURER_ROLES)


def lecturer_regions(*, user: User) -> QuerySet[Region]:
    """Cities and districts whose own lecturers `user` works on: an editor's region and
    the regions below it."""
    return regions_in_scope(user=user, roles=[Role.EDITOR])


class LecturerPermissionPolicy(ModelPermissionPolicy):
    """Model permissions from the user's groups, narrowed per lecturer to the user's scope."""

    def instances_user_has_any_permission_for(self, user, actions):
        manager = self.model._default_manager
        if not self.user_has_any_permission(user, actions):
            return manager.none()
        if user.is_superuser:
            return manager.all()
        return manager.filter(
            Q(school__in=lecturer_schools(user=user)) | Q(region__in=lecturer_regions(user=user))
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return (
            self.instances_user_has_any_permission_for(user, actions)
            .filter(pk=instance.pk)
            .exists()
        )

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        region = instance.school.region if instance.school_id else instance.region
        covering = Q(is_superuser=True)
        if instance.school_id:
            covering |= Q(
                memberships__school=instance.school_id, memberships__role__in=SCHOOL_ROLES
            )
        if region is not None:
            covering |= Q(
                memberships__role=Role.EDITOR,
                memberships__region__in=[region.pk, region.parent_id],
            )
        return users.filter(covering).distinct()


lecturer_permission_policy = LecturerPermissionPolicy("courses.Lecturer")
