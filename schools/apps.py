from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = _("Schools and regions")

    def ready(self) -> None:
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
