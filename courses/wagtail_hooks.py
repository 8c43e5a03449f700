from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Lecturer


class LecturerViewSet(SnippetViewSet):
    model = Lecturer
    icon = "user"
    menu_label = _("Lecturers")
    list_display = ["name", "kind", "title", "school"]
    list_filter = ["kind"]
    search_fields = ["name", "title"]


register_snippet(LecturerViewSet)
