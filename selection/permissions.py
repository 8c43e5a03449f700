"""Who may set up rounds in the admin: the organisers (editors of a region) of the rounds
in their region and below. Registered for SelectionRound in wagtail_hooks."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from schools.models import Role

from . import selectors

SETUP_ACTIONS = {"add", "change", "view"}


class RoundPermissionPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        if not (user.is_active and user.is_authenticated):
            return False
        if action not in SETUP_ACTIONS:
            return user.is_superuser  # deleting a round would delete its audit log
        return selectors.organiser_regions(user=user).exists()

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not set(actions) & SETUP_ACTIONS:
            return users.filter(is_superuser=True)
        return users.filter(Q(is_superuser=True) | Q(memberships__role=Role.EDITOR)).distinct()

    def user_has_permission_for_instance(self, user, action, instance):
        if action not in SETUP_ACTIONS:
            return self.user_has_permission(user, action) and not instance.nominations.exists()
        return selectors.is_organiser(user=user, round=instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return selectors.rounds_organised_by(user=user)
