"""The record of children moved out of their class by roster syncs (移出班级记录): read
only, and only the records of classes in the user's family scope."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy

from ..selectors import departures_in_scope
from .family import FamiliesView


class DepartureListView(FamiliesView):
    template_name = "families/departures.html"
    page_title = gettext_lazy("Children moved out of classes")
    header_icon = "history"
    per_page = 100

    def get_context_data(self, **kwargs):
        entries = departures_in_scope(user=self.request.user)
        query = self.request.GET.get("q", "").strip()
        if query:
            entries = entries.filter(child_name__icontains=query) | entries.filter(
                family_code__iexact=query
            )
        page = Paginator(entries, self.per_page).get_page(self.request.GET.get("p"))
        return super().get_context_data(**kwargs) | {"page": page, "query": query}
