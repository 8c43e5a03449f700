"""Admin routes, under /admin/selection/ (registered in wagtail_hooks)."""

from django.urls import path

from .views import admin, exports, reviewing

app_name = "selection_admin"

urlpatterns = [
    path("", admin.index, name="index"),
    path("<int:pk>/", admin.round_detail, name="round"),
    path("<int:pk>/nominate/", admin.nominate, name="nominate"),
    path("<int:pk>/withdraw/<int:nomination_pk>/", admin.withdraw, name="withdraw"),
    path("<int:pk>/assign/", admin.assign, name="assign"),
    path("<int:pk>/score/<int:nomination_pk>/", reviewing.score, name="score"),
    path("<int:pk>/compute/", admin.compute, name="compute"),
    path("<int:pk>/decide/<int:result_pk>/", admin.decide, name="decide"),
    path("<int:pk>/publish/", admin.publish, name="publish"),
    path("<int:pk>/broadcast/", admin.broadcast, name="broadcast"),
    path("<int:pk>/export/<str:kind>.xlsx", exports.export, name="export"),
]
