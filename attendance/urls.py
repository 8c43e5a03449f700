from django.urls import path

from .views import api, exports, families, offline, reports

app_name = "attendance"

urlpatterns = [
    path("api/playback/start/", api.start, name="playback_start"),
    path("api/playback/beat/", api.beat, name="playback_beat"),
    path("my/", reports.my_hours, name="my_hours"),
    path("checkin/<str:token>/", offline.checkin_view, name="checkin"),
    path("activities/<int:activity_id>/qr/", offline.activity_qr, name="activity_qr"),
    path("activities/<int:activity_id>/roster/", offline.activity_roster, name="activity_roster"),
    path("families/<int:family_id>/", families.family_ledger, name="family"),
    path("families/<int:family_id>/visit/", families.home_visit, name="home_visit"),
    path("families/<int:family_id>/adjust/", families.adjust, name="adjust"),
    path("reports/", reports.reports_home, name="reports"),
    path("reports/region/<int:region_id>/", reports.region_report, name="region_report"),
    path("reports/school/<int:school_id>/", reports.school_report, name="school_report"),
    path("reports/class/<int:class_id>/", reports.class_report, name="class_report"),
    path("exports/", exports.export_start, name="export_start"),
    path("exports/<uuid:job_id>/", exports.export_status, name="export_status"),
    path("exports/<uuid:job_id>/download/", exports.export_download, name="export_download"),
]
