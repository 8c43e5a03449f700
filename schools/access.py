"""Who may do what where, written into Wagtail's permission tables.

Each school gets two groups (its teachers, its school admins), a media collection and a
moderation workflow; each city or district gets an editors' group. Membership rows decide
who is in which group (`membership_grant`); `sync_access` makes the tables match the page
tree and is idempotent (`manage.py sync_access`).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from media_pipeline.permissions import grant_video_permissions

from .models import DistrictPage, Region, Role, School, SchoolPage
from .roles import ensure_role_groups

TEACHER_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
SCHOOL_ADMIN_PAGE_PERMISSIONS = TEACHER_PAGE_PERMISSIONS + ["publish_page", "unlock_page"]
EDITOR_PAGE_PERMISSIONS = SCHOOL_ADMIN_PAGE_PERMISSIONS + ["bulk_delete_page"]

MEDIA = [("wagtailimages", "image"), ("wagtaildocs", "document")]
TEACHER_MEDIA_PERMISSIONS = ["add", "choose"]
MANAGER_MEDIA_PERMISSIONS = ["add", "change", "delete", "choose"]


def school_group(school: School, role: str) -> Group:
    group, _ = Group.objects.get_or_create(name=f"{school.name}·{Role(role).label}")
    return group


def region_group(region: Region, role: str) -> Group:
    group, _ = Group.objects.get_or_create(name=f"{region.name}·{Role(role).label}")
    return group


def scope_group(*, role: str, school: School | None, region: Region | None) -> Group | None:
    """The group that carries a membership's page and media permissions, if any."""
    if school is not None and role in (Role.TEACHER, Role.SCHOOL_ADMIN):
        return school_group(school, role)
    if region is not None and role == Role.EDITOR:
        return region_group(region, role)
    return None


def root_collection() -> Collection:
    """Wagtail's root collection (made by its migrations; recreated after a flush)."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def school_collection(school: School) -> Collection:
    return _child_collection(root_collection(), school.name)


def region_collection(region: Region) -> Collection:
    return _child_collection(root_collection(), region.name)


def _child_collection(parent: Collection, name: str) -> Collection:
    existing = parent.get_children().filter(name=name).first()
    return existing or parent.add_child(instance=Collection(name=name))


def _grant_pages(group: Group, page: Page, codenames: list[str]) -> None:
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=codenames
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _grant_media(group: Group, collection: Collection, actions: list[str]) -> None:
    grant_video_permissions(group=group, collection=collection, actions=actions)
    for app_label, model in MEDIA:
        for permission in Permission.objects.filter(
            content_type__app_label=app_label,
            codename__in=[f"{action}_{model}" for action in actions],
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )


def _moderation_workflow(school_page: SchoolPage, approvers: Group) -> Workflow:
    """Teachers submit; the school's admins approve and publish."""
    name = f"{school_page.school.name}审核"
    workflow, _ = Workflow.objects.get_or_create(name=name)
    task = GroupApprovalTask.objects.filter(name=f"{name}·学校管理员").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=f"{name}·学校管理员")
    task.groups.add(approvers)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=school_page, defaults={"workflow": workflow})
    return workflow


def sync_school(school_page: SchoolPage) -> None:
    school = school_page.school
    teachers = school_group(school, Role.TEACHER)
    admins = school_group(school, Role.SCHOOL_ADMIN)
    _grant_pages(teachers, school_page, TEACHER_PAGE_PERMISSIONS)
    _grant_pages(admins, school_page, SCHOOL_ADMIN_PAGE_PERMISSIONS)
    collection = school_collection(school)
    _grant_media(teachers, collection, TEACHER_MEDIA_PERMISSIONS)
    _grant_media(admins, collection, MANAGER_MEDIA_PERMISSIONS)
    _moderation_workflow(school_page, admins)


def sync_region(region_page: Page, region: Region) -> None:
    """Editors of a city or district edit everything below it, shared curricula included,
    and may use the media of every school below."""
    editors = region_group(region, Role.EDITOR)
    _grant_pages(editors, region_page, EDITOR_PAGE_PERMISSIONS)
    _grant_media(editors, region_collection(region), MANAGER_MEDIA_PERMISSIONS)
    for school in School.objects.filter(region_id__in=region.self_and_descendant_ids()):
        _grant_media(editors, school_collection(school), ["choose"])


@transaction.atomic
def sync_access() -> None:
    """Make groups, permissions, collections and workflows match the page tree."""
    from parentschool.home.models import HomePage

    ensure_role_groups()
    _retire_default_moderation()
    for home in HomePage.objects.select_related("region").exclude(region=None):
        sync_region(home, home.region)
    for district_page in DistrictPage.objects.select_related("region"):
        sync_region(district_page, district_page.region)
    for school_page in SchoolPage.objects.select_related("school"):
        sync_school(school_page)


def _retire_default_moderation() -> None:
    """Wagtail's first migration puts a 'Moderators approval' workflow on the root page;
    ours are per school, and editors of a region publish directly."""
    root = Page.get_first_root_node()
    WorkflowPage.objects.filter(page=root).exclude(workflow__name__endswith="审核").delete()
