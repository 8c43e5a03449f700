from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .viewsets import AttendanceGroup


@hooks.register("register_admin_viewset")
def register_attendance_viewsets():
    return AttendanceGroup()


@hooks.register("register_admin_menu_item")
def register_hours_reports_menu_item():
    # The reports live on the public site (mobile-first, same scope rules); staff reach
    # them from the admin menu.
    return MenuItem(
        _("Family hours report"),
        reverse_lazy("attendance:reports"),
        icon_name="table",
        order=401,
    )
