from django.db import transaction
from wagtail.signals import page_published

from .models import DistrictPage, SchoolPage


def on_school_page_published(sender, instance, **kwargs) -> None:
    from .access import sync_school

    transaction.on_commit(lambda: sync_school(instance))


def on_district_page_published(sender, instance, **kwargs) -> None:
    from .access import sync_region

    transaction.on_commit(lambda: sync_region(instance, instance.region))


def register_signal_handlers() -> None:
    page_published.connect(on_school_page_published, sender=SchoolPage)
    page_published.connect(on_district_page_published, sender=DistrictPage)
