"""Bureau staff edit the calendar and the hours rules of the regions they serve; a
city's bureau covers its districts. Superusers edit everything."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from schools.models import Role

from . import scope


class RegionScopedPolicy(BasePermissionPolicy):
    """Per-instance permission through the instance's region (`region_field`)."""

    def __init__(self, model, region_field: str = "region"):
        super().__init__(model)
        self.region_field = region_field

    def user_has_permission(self, user, action):
        if not (user.is_active and user.is_authenticated):
            return False
        return user.is_superuser or user.memberships.filter(role=Role.BUREAU).exists()

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(memberships__role=Role.BUREAU), is_active=True)
            .distinct()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_permission(user, actions[0] if actions else "view"):
            return self.model._default_manager.none()
        regions = scope.report_regions(user=user)
        return self.model._default_manager.filter(**{f"{self.region_field}__in": regions})

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.instances_user_has_any_permission_for(user, [action])
            .filter(pk=instance.pk)
            .exists()
        )

    def users_with_any_permission_for_instance(self, actions, instance):
        return self.users_with_any_permission(actions)


def register_policies() -> None:
    from wagtail.permissions import register_permission_policy

    from .models import HoursRule, SchoolYear

    register_permission_policy(SchoolYear, RegionScopedPolicy(SchoolYear))
    register_permission_policy(HoursRule, RegionScopedPolicy(HoursRule))
