"""School years and hours rules in the Wagtail admin, for bureau staff within scope."""

from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .models import HoursRule, SchoolYear


def _rows_in_scope(view):
    return view.permission_policy.instances_user_has_any_permission_for(
        view.request.user, ["change"]
    )


class ScopedIndexMixin:
    """The list shows only rows of the user's regions."""

    def get_base_queryset(self):
        return _rows_in_scope(self)


class ScopedObjectMixin:
    """Edit and delete find only rows of the user's regions (others are a 404)."""

    def get_queryset(self):
        return _rows_in_scope(self)


class SchoolYearViewSet(ModelViewSet):
    model = SchoolYear
    icon = "date"
    menu_label = "学年与学期"
    list_display = ["name", "region", "starts_on", "ends_on"]
    copy_view_enabled = False
    inspect_view_enabled = False


class HoursRuleViewSet(ModelViewSet):
    model = HoursRule
    icon = "tasks"
    menu_label = "学时规则"
    list_display = [
        "region",
        "school_year",
        "min_sessions",
        "min_class_hours",
        "min_guidance_per_semester",
        "minutes_per_class_hour",
    ]
    copy_view_enabled = False
    inspect_view_enabled = False


class AttendanceGroup(ModelViewSetGroup):
    menu_label = "家庭学时"
    menu_icon = "time"
    menu_order = 400
    items = [SchoolYearViewSet, HoursRuleViewSet]


def _scoped(viewset_class):
    """Give the viewset's list, edit and delete views the scoped queryset."""
    for name, mixin in (
        ("index_view_class", ScopedIndexMixin),
        ("edit_view_class", ScopedObjectMixin),
        ("delete_view_class", ScopedObjectMixin),
    ):
        view = getattr(viewset_class, name)
        setattr(viewset_class, name, type(f"Scoped{view.__name__}", (mixin, view), {}))
    return viewset_class


for _viewset in (SchoolYearViewSet, HoursRuleViewSet):
    _scoped(_viewset)
