"""Public routes, under /<language>/selection/."""

from django.urls import path

from .views import public

app_name = "selection"

urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>/", public.results, name="results"),
]
