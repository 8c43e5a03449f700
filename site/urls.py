from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from parentschool.api import api_router
from parentschool.health import healthz
from parentschool.home.views import LoginView, LogoutView, switch_language

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/switch/<str:code>/", switch_language, name="switch_language"),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/families/", include("families.urls")),
    # Before the pipeline's catch-all /video/<id>/<run>/<name> route.
    path("video/", include("captions.urls")),
    path("video/", include("media_pipeline.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Public pages carry their language in the URL (/zh-hans/…, /en/…); a visit to "/" is sent
# to the browser's preferred language, Simplified Chinese when it prefers neither.
urlpatterns += i18n_patterns(
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("accounts/", include("accounts.urls")),
    path("attendance/", include("attendance.urls")),
    path("selection/", include("selection.urls")),
    path("search/", include("search.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
