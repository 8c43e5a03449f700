"""Django admin (superusers): publish consent wordings and read the consent history.
Published wordings and records are never edited: a change is a new version."""

from django.contrib import admin

from . import services
from .models import ConsentRecord, ConsentVersion


@admin.register(ConsentVersion)
class ConsentVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "title", "published_at"]
    fields = ["title", "body"]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        published = services.consent_version_publish(title=obj.title, body=obj.body)
        obj.pk, obj.version = published.pk, published.version


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ["user", "action", "version", "created_at"]
    list_filter = ["action", "version"]
    search_fields = ["user__username"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
