"""Lecturer snippets in the admin, each view limited to the lecturers in the user's scope
(`courses.permissions`): a lecturer out of scope is a 404, and choosers never offer one."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views import chooser
from wagtail.snippets.views import snippets as views

from .admin_forms import LecturerForm
from .models import Lecturer
from .permissions import lecturer_permission_policy

# Any of these lets a user reach a lecturer; which of them the user holds is checked by
# each view against the same policy (model permissions from the user's groups).
REACH = ["view", "change", "delete"]


def lecturers_reachable(request):
    return lecturer_permission_policy.instances_user_has_any_permission_for(request.user, REACH)


class ScopedObjectMixin:
    """Edit and delete look the lecturer up among those in scope."""

    def get_queryset(self):
        return lecturers_reachable(self.request)


class ScopedBaseObjectMixin:
    """Usage and history look the lecturer up among those in scope."""

    def get_base_object_queryset(self):
        return lecturers_reachable(self.request)


class LecturerEditView(ScopedObjectMixin, views.EditView):
    pass


class LecturerDeleteView(ScopedObjectMixin, views.DeleteView):
    pass


class LecturerUsageView(ScopedBaseObjectMixin, views.UsageView):
    pass


class LecturerHistoryView(ScopedBaseObjectMixin, views.HistoryView):
    pass


class ScopedChooserMixin:
    def get_object_list(self):
        return lecturers_reachable(self.request)


class LecturerChooseView(ScopedChooserMixin, chooser.ChooseView):
    pass


class LecturerChooseResultsView(ScopedChooserMixin, chooser.ChooseResultsView):
    pass


class LecturerChosenView(chooser.SnippetChosenView):
    def get_object(self, pk):
        return lecturers_reachable(self.request).get(pk=pk)


class LecturerChosenMultipleView(chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return lecturers_reachable(self.request).filter(pk__in=pks)


class LecturerChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = LecturerChooseView
    choose_results_view_class = LecturerChooseResultsView
    chosen_view_class = LecturerChosenView
    chosen_multiple_view_class = LecturerChosenMultipleView


class LecturerViewSet(views.SnippetViewSet):
    model = Lecturer
    icon = "user"
    menu_label = _("Lecturers")
    list_display = ["name", "kind", "title", "school", "region"]
    list_filter = ["kind"]
    edit_handler = ObjectList(Lecturer.panels, base_form_class=LecturerForm)
    edit_view_class = LecturerEditView
    delete_view_class = LecturerDeleteView
    usage_view_class = LecturerUsageView
    history_view_class = LecturerHistoryView
    chooser_viewset_class = LecturerChooserViewSet

    def get_queryset(self, request):
        return lecturers_reachable(request).select_related("school", "region")
