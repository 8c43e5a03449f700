"""Public route of caption files, included under /video/ before the media pipeline's."""

from django.urls import path

from .views.serve import serve_caption

app_name = "captions"

urlpatterns = [
    path(
        "<int:video_id>/captions/<str:language>/<str:token>.vtt",
        serve_caption,
        name="serve",
    ),
]
