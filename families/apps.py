from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FamiliesConfig(AppConfig):
    name = "families"
    verbose_name = _("Family")

    def ready(self) -> None:
        from .signal_handlers import ensure_enrolment_triggers

        post_migrate.connect(ensure_enrolment_triggers, sender=self)
