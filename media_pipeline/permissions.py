"""Who may add, change, delete and choose videos: per collection, like Wagtail images."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from .models import Video

permission_policy = CollectionOwnershipPermissionPolicy(
    Video, auth_model=Video, owner_field_name="uploaded_by_user"
)

VIDEO_ACTIONS = ("add", "change", "delete", "choose")


def grant_video_permissions(
    *, group: Group, collection: Collection, actions: Iterable[str]
) -> None:
    """Give ``group`` the video ``actions`` (add/change/delete/choose) on ``collection``
    and its descendants. Idempotent."""
    codenames = [f"{action}_video" for action in actions if action in VIDEO_ACTIONS]
    for permission in Permission.objects.filter(
        content_type__app_label="media_pipeline", codename__in=codenames
    ):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )
