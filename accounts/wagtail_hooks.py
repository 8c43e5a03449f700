"""Links from the Wagtail admin (where staff work) to the parents' accounts pages, shown
only to the staff of a school."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from schools.models import Role
from schools.selectors import schools_in_scope


class ScopedMenuItem(MenuItem):
    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles = roles

    def is_shown(self, request) -> bool:
        return schools_in_scope(user=request.user, roles=self.roles).exists()


def _items():
    staff = (Role.TEACHER, Role.SCHOOL_ADMIN)
    return [
        ScopedMenuItem(
            _("Invite codes"), reverse("accounts:invite_codes"), icon_name="key", roles=staff
        ),
        ScopedMenuItem(
            _("Password reset codes"),
            reverse("accounts:reset_codes"),
            icon_name="lock",
            roles=(Role.SCHOOL_ADMIN,),
        ),
        ScopedMenuItem(
            _("Course satisfaction"),
            reverse("accounts:satisfaction"),
            icon_name="pick",
            roles=(Role.SCHOOL_ADMIN,),
        ),
    ]


@hooks.register("register_admin_menu_item")
def parent_accounts_menu():
    return SubmenuMenuItem(
        _("Parent accounts"), Menu(register_hook_name=None, items=_items()), icon_name="group"
    )
