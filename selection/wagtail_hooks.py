from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from schools.models import Role
from schools.selectors import roles_of

from . import admin_urls
from .models import SelectionRound
from .permissions import RoundPermissionPolicy
from .viewsets import round_viewset

SELECTION_ROLES = {Role.EDITOR, Role.REVIEWER, Role.SCHOOL_ADMIN}

register_permission_policy(SelectionRound, RoundPermissionPolicy(SelectionRound))


class SelectionMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.is_superuser or bool(roles_of(user=user) & SELECTION_ROLES)


@hooks.register("register_admin_urls")
def register_selection_urls():
    return [path("selection/", include(admin_urls))]


@hooks.register("register_admin_viewset")
def register_round_viewset():
    return round_viewset


@hooks.register("register_admin_menu_item")
def register_selection_menu_item():
    return SelectionMenuItem(
        _("Premium course selection"), reverse("selection_admin:index"), icon_name="pick", order=310
    )
