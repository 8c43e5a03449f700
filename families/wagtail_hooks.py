from wagtail import hooks

from .viewsets import access_log_viewset, family_viewset


@hooks.register("register_admin_viewset")
def register_family_viewsets():
    return [family_viewset, access_log_viewset]
