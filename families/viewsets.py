"""The families area (家庭) and the special-group access log in the Wagtail admin menu."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from .permissions import can_audit, can_open_families
from .views import audit, departures, roster
from .views import family as views


class FamiliesMenuItem(MenuItem):
    def is_shown(self, request):
        return can_open_families(request.user)


class AccessLogMenuItem(MenuItem):
    def is_shown(self, request):
        return can_audit(request.user)


class FamilyViewSet(ViewSet):
    name = "families"
    icon = "group"
    menu_label = _("Families")
    menu_order = 250
    add_to_admin_menu = True

    @property
    def menu_item_class(self):
        return FamiliesMenuItem

    def get_urlpatterns(self):
        return [
            path("", views.FamilyIndexView.as_view(), name="index"),
            path("<int:pk>/", views.FamilyDetailView.as_view(), name="detail"),
            path("<int:pk>/edit/", views.FamilyEditView.as_view(), name="edit"),
            path(
                "<int:pk>/children/<int:child_pk>/special-groups/",
                views.SpecialGroupsEditView.as_view(),
                name="special_groups",
            ),
            path("import/", roster.RosterImportView.as_view(), name="import"),
            path("import/confirm/", roster.RosterConfirmView.as_view(), name="import_confirm"),
            path("import/template.xlsx", roster.RosterTemplateView.as_view(), name="template"),
            path("export/", roster.RosterExportView.as_view(), name="export"),
            path("departures/", departures.DepartureListView.as_view(), name="departures"),
        ]


class AccessLogViewSet(ViewSet):
    name = "special_group_access"
    icon = "history"
    menu_label = _("Special-group access log")
    menu_order = 260
    add_to_admin_menu = True

    @property
    def menu_item_class(self):
        return AccessLogMenuItem

    def get_urlpatterns(self):
        return [path("", audit.AccessLogView.as_view(), name="index")]


family_viewset = FamilyViewSet()
access_log_viewset = AccessLogViewSet()
