from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaPipelineConfig(AppConfig):
    name = "media_pipeline"
    verbose_name = _("Media pipeline")

    def ready(self) -> None:
        from wagtail.permissions import register_permission_policy

        from . import checks  # noqa: F401  (registers the system checks)
        from .models import Video
        from .permissions import permission_policy
        from .signal_handlers import register_signal_handlers

        register_permission_policy(Video, permission_policy)
        register_signal_handlers()
