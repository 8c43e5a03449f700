from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from parentschool.home.models import SiteSettings
from parentschool.pagecache import purge_all


def purge_page_cache(**kwargs) -> None:
    purge_all()


def purge_on_settings_change(created: bool = False, **kwargs) -> None:
    # Wagtail creates an empty settings row on first use; nothing shown has changed then.
    if not created:
        purge_all()


def register_signal_handlers() -> None:
    page_published.connect(purge_page_cache, dispatch_uid="pagecache-published")
    page_unpublished.connect(purge_page_cache, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(purge_page_cache, dispatch_uid="pagecache-moved")
    post_delete.connect(purge_page_cache, sender=Page, dispatch_uid="pagecache-deleted")
    post_save.connect(
        purge_on_settings_change, sender=SiteSettings, dispatch_uid="pagecache-settings"
    )
