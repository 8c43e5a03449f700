from django.contrib.auth.models import Permission
from wagtail import hooks

from .viewsets import access_log_viewset, family_viewset


@hooks.register("register_admin_viewset")
def register_family_viewsets():
    return [family_viewset, access_log_viewset]


@hooks.register("register_permissions")
def special_group_permissions():
    # So that administrators can grant them to a group in Settings → Groups.
    return Permission.objects.filter(
        content_type__app_label="families",
        codename__in=["view_special_groups", "view_specialgroupaccess"],
    )
