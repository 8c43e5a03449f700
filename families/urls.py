from django.urls import path

from . import api

app_name = "families_api"

urlpatterns = [
    path("", api.family_list, name="api_list"),
    path("<int:pk>/", api.family_detail, name="api_detail"),
]
