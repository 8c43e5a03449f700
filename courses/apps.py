from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        from wagtail.permissions import register_permission_policy

        from .models import Lecturer
        from .permissions import lecturer_permission_policy

        register_permission_policy(Lecturer, lecturer_permission_policy)
