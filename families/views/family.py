"""The families area of the admin (家庭): list, view and edit families in the user's scope,
and set a child's special-group flags. A family outside the scope answers 404, so staff of
one school cannot even learn that another school's family exists."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..forms import ChildFormSet, FamilyForm, GuardianFormSet, SpecialGroupsForm
from ..models import SpecialGroupAccess
from ..permissions import can_edit_family, can_open_families, can_see_special_groups
from ..selectors import children_in_scope, editable_classes, families_in_scope, family_search
from ..services import special_groups_access_log, special_groups_set


class FamiliesView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not can_open_families(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("families:index"), "label": _("Families")},
            {"url": "", "label": self.get_page_title()},
        ]


class FamilyMixin:
    """Loads the family from the URL, within the user's scope."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.family = get_object_or_404(families_in_scope(user=request.user), pk=kwargs["pk"])

    def get_page_title(self):
        return str(self.family)

    def visible_children(self):
        return (
            children_in_scope(user=self.request.user)
            .filter(family=self.family)
            .select_related("school_class__school")
        )


class FamilyIndexView(FamiliesView):
    template_name = "families/index.html"
    page_title = gettext_lazy("Families")
    per_page = 50

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        user = self.request.user
        query = self.request.GET.get("q", "")
        families = family_search(families=families_in_scope(user=user), query=query)
        visible = children_in_scope(user=user).select_related("school_class")
        families = families.order_by("code").prefetch_related(
            "guardians", Prefetch("children", queryset=visible, to_attr="visible_children")
        )
        page = Paginator(families, self.per_page).get_page(self.request.GET.get("p"))
        return super().get_context_data(**kwargs) | {
            "page": page,
            "families": page.object_list,
            "query": query,
            "can_import": editable_classes(user=user).exists(),
        }


class FamilyDetailView(FamilyMixin, FamiliesView):
    template_name = "families/detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        children = list(self.visible_children().prefetch_related("special_groups"))
        show_flags = can_see_special_groups(user)
        if show_flags and children:
            special_groups_access_log(
                user=user,
                where=SpecialGroupAccess.Where.DETAIL,
                path=self.request.get_full_path(),
                children=children,
            )
        return super().get_context_data(**kwargs) | {
            "family": self.family,
            "guardians": self.family.guardians.all(),
            "children": children,
            "show_flags": show_flags,
            "can_edit": can_edit_family(user, self.family),
        }


class FamilyEditView(FamilyMixin, FamiliesView):
    template_name = "families/edit.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_edit_family(request.user, self.family):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Edit %(family)s") % {"family": self.family}

    def forms(self, data=None):
        classes = editable_classes(user=self.request.user)
        return (
            FamilyForm(data, instance=self.family),
            GuardianFormSet(data, instance=self.family, prefix="guardians"),
            ChildFormSet(
                data,
                instance=self.family,
                prefix="children",
                queryset=self.family.children.filter(school_class__in=classes),
                form_kwargs={"classes": classes},
            ),
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(forms=self.forms()))

    def post(self, request, *args, **kwargs):
        forms = self.forms(request.POST)
        if not all(form.is_valid() for form in forms):
            messages.error(request, _("The family could not be saved; see the errors below."))
            return self.render_to_response(self.get_context_data(forms=forms))
        with transaction.atomic():
            for form in forms:
                form.save()
        messages.success(request, _("The family has been saved."))
        return redirect("families:detail", pk=self.family.pk)

    def get_context_data(self, **kwargs):
        family_form, guardians, children = kwargs.pop("forms")
        return super().get_context_data(**kwargs) | {
            "family": self.family,
            "family_form": family_form,
            "guardians": guardians,
            "children": children,
        }


class SpecialGroupsEditView(FamilyMixin, FamiliesView):
    """Set the flags of one child; needs the special-group permission and the right to
    change the child's class roster."""

    template_name = "families/special_groups.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        classes = editable_classes(user=request.user)
        self.child = get_object_or_404(
            self.family.children.filter(school_class__in=classes), pk=kwargs["child_pk"]
        )

    def dispatch(self, request, *args, **kwargs):
        if not can_see_special_groups(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Special groups of %(child)s") % {"child": self.child}

    def get(self, request, *args, **kwargs):
        initial = {"groups": list(self.child.special_groups.values_list("group", flat=True))}
        special_groups_access_log(
            user=request.user,
            where=SpecialGroupAccess.Where.EDIT,
            path=request.get_full_path(),
            children=[self.child],
        )
        return self.render_to_response(
            self.get_context_data(form=SpecialGroupsForm(initial=initial))
        )

    def post(self, request, *args, **kwargs):
        form = SpecialGroupsForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        special_groups_set(
            child=self.child,
            groups=form.cleaned_data["groups"],
            user=request.user,
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The special groups have been saved."))
        return redirect("families:detail", pk=self.family.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"family": self.family, "child": self.child}
