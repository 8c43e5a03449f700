"""Admin routes, under /admin/captions/ (registered in wagtail_hooks)."""

from django.urls import path

from .views import admin

app_name = "captions_admin"

urlpatterns = [
    path("<int:video_id>/", admin.manage, name="manage"),
    path("<int:video_id>/remove/<str:language>/", admin.remove, name="remove"),
]
