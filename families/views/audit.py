"""The special-group access log, for auditors (``families.view_specialgroupaccess``)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import SpecialGroupAccess
from ..permissions import can_audit


class AccessLogView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "families/access_log.html"
    page_title = gettext_lazy("Special-group access log")
    header_icon = "history"
    per_page = 100

    def dispatch(self, request, *args, **kwargs):
        if not can_audit(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        entries = SpecialGroupAccess.objects.all()
        username = self.request.GET.get("user", "").strip()
        if username:
            entries = entries.filter(username=username)
        page = Paginator(entries, self.per_page).get_page(self.request.GET.get("p"))
        return super().get_context_data(**kwargs) | {"page": page, "username": username}
