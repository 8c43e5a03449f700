from wagtail.snippets.models import register_snippet

from .viewsets import LecturerViewSet

register_snippet(LecturerViewSet)
