from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = _("Family hours")

    def ready(self) -> None:
        from . import session_auth  # noqa: F401  (connects its signal receivers)
        from .permissions import register_policies

        register_policies()
