from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaptionsConfig(AppConfig):
    name = "captions"
    verbose_name = _("Captions")

    def ready(self) -> None:
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
