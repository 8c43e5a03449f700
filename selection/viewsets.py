"""Setting up a round (rubric, windows, awards, quota) with Wagtail's generic model views."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from . import selectors
from .forms import RoundForm
from .models import SelectionRound


class RoundIndexView(generic.IndexView):
    def get_base_queryset(self):
        return selectors.rounds_organised_by(user=self.request.user).select_related("region")


class RoundCreateView(generic.CreateView):
    def save_instance(self):
        round = self.form.save(commit=False)
        round.created_by = self.request.user
        round.save()
        self.form.save_m2m()
        return round

    def get_success_url(self):
        return reverse("selection_admin:round", args=[self.object.pk])


class RoundEditView(generic.EditView):
    def get_object(self, queryset=None):
        round = super().get_object(queryset)
        if not selectors.is_organiser(user=self.request.user, round=round):
            raise PermissionDenied
        return round

    def get_success_url(self):
        return reverse("selection_admin:round", args=[self.object.pk])


class RoundViewSet(ModelViewSet):
    model = SelectionRound
    name = "selection_rounds"
    icon = "pick"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = RoundIndexView
    add_view_class = RoundCreateView
    edit_view_class = RoundEditView
    list_display = ["title", "region", "year", "status"]
    edit_handler = ObjectList(SelectionRound.panels, base_form_class=RoundForm)
    menu_label = _("Selection rounds")


round_viewset = RoundViewSet()
