"""Django groups that mirror staff roles. The group carries permissions; the Membership
row carries the scope (which school or region)."""

from django.contrib.auth.models import Group, Permission

from .models import Role

ROLE_GROUP_NAMES: dict[str, str] = {
    Role.TEACHER: "教师",
    Role.SCHOOL_ADMIN: "学校管理员",
    Role.EDITOR: "编辑",
    Role.REVIEWER: "评审专家",
    Role.BUREAU: "教育局",
}

# Every staff role may enter the Wagtail admin; finer page permissions are attached
# to these groups by the apps that own the pages.
ADMIN_ACCESS = [("wagtailadmin", "access_admin")]
LECTURERS = [("courses", f"{action}_lecturer") for action in ("add", "change", "delete", "view")]
TOPICS = [("courses", f"{action}_topic") for action in ("add", "change", "delete", "view")]
ROLE_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    Role.TEACHER: ADMIN_ACCESS + LECTURERS,
    Role.SCHOOL_ADMIN: ADMIN_ACCESS + LECTURERS,
    Role.EDITOR: ADMIN_ACCESS + LECTURERS + TOPICS,
    Role.REVIEWER: ADMIN_ACCESS,
    Role.BUREAU: ADMIN_ACCESS,
}


def ensure_role_groups(group_model=Group, permission_model=Permission) -> dict[str, Group]:
    """Create (or complete) one group per role. Safe to run again; takes the models so a
    data migration can pass its historical ones."""
    groups = {}
    for role, name in ROLE_GROUP_NAMES.items():
        group, _ = group_model.objects.get_or_create(name=name)
        for app_label, codename in ROLE_PERMISSIONS[role]:
            permission = permission_model.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)
        groups[role] = group
    return groups
