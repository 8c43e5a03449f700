from django.urls import path

from .views import api

app_name = "attendance"

urlpatterns = [
    path("api/playback/start/", api.start, name="playback_start"),
    path("api/playback/beat/", api.beat, name="playback_beat"),
]
