"""Demo special-group flags and who may see them in 云溪市.

A few children are flagged, most at 育英小学 so the demo logins meet them (留守儿童, 困境儿童, 低收入家庭); the demo school admin of
育英小学 may see flags, and the city bureau user may read the access log as an auditor.
Idempotent: flags are keyed by child and group, groups by name.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from families.models import Child, SpecialGroup, SpecialGroupFlag

# (family code, special group, note)
FLAGS = [
    ("YX00004", SpecialGroup.LEFT_BEHIND, "父母在广东务工，由奶奶照顾，每学期安排两次家访。"),
    ("YX00005", SpecialGroup.IN_DIFFICULTY, "父亲长期患病住院，学校已申请临时困难补助。"),
    ("YX00005", SpecialGroup.LOW_INCOME, "家庭享受城乡低保，免收教辅资料费。"),
    ("YX00021", SpecialGroup.LEFT_BEHIND, "母亲在外地工作，父亲常年出海，由外公外婆照顾。"),
    ("YX00010", SpecialGroup.LOW_INCOME, "单亲家庭，母亲打零工，已纳入结对帮扶。"),
    ("YX00013", SpecialGroup.LEFT_BEHIND, "父母均在省外务工，班主任每周电话联系一次。"),
]

# (group name, permission codename, demo users in the group)
ACCESS = [
    ("特殊群体信息查看", "view_special_groups", ["schooladmin"]),
    ("特殊群体查看日志审计", "view_specialgroupaccess", ["bureau"]),
]


def build_special_groups() -> None:
    """Flag a few demo children and give two demo users the sensitive permissions."""
    for code, group, note in FLAGS:
        child = Child.objects.filter(family__code=code).order_by("pk").first()
        if child is not None:
            SpecialGroupFlag.objects.get_or_create(
                child=child, group=group, defaults={"note": note}
            )
    users = get_user_model().objects
    for name, codename, usernames in ACCESS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            Permission.objects.get(content_type__app_label="families", codename=codename)
        )
        for user in users.filter(username__in=usernames):
            user.groups.add(group)
