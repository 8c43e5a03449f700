from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Parent accounts")

    def ready(self) -> None:
        from . import signal_handlers  # noqa: F401
