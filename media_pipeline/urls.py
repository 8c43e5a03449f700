"""Public routes of the media pipeline, included under /video/ by the site's urls."""

from django.urls import path

from .views.serve import serve_video_file

app_name = "media_pipeline"

urlpatterns = [
    path("<int:video_id>/<str:run>/<path:name>", serve_video_file, name="serve"),
]
