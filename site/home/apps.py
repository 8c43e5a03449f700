from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "parentschool.home"
    label = "home"
    verbose_name = _("Home and site settings")

    def ready(self) -> None:
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
