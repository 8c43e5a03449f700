from wagtail import hooks

from .viewsets import AttendanceGroup


@hooks.register("register_admin_viewset")
def register_attendance_viewsets():
    return AttendanceGroup()
