"""Language selection for the public site."""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

# Paths outside the language-prefixed public site: a 404 there is a real 404 (an API
# client must not be redirected to an HTML page under /zh-hans/).
UNPREFIXED = (
    "/api/",
    "/admin/",
    "/django-admin/",
    "/healthz",
    "/static/",
    "/media/",
    "/documents/",
    "/i18n/",
)


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED):
            return response
        return super().process_response(request, response)
