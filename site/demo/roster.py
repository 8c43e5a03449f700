"""Demo of a roster sync in 云溪市: two pupils of the demo teacher's class at 育英小学 left
last term (one moved with her parents to another city, one to a school nearer home) and
were moved out of the class, so 移出班级记录 has entries and the families keep their hours.

Idempotent: the families are keyed by their numbers, and only a child still in the class
is moved out.
"""

import datetime

from django.contrib.auth import get_user_model

from families.models import Child, Family, Guardian
from families.selectors import editable_classes
from families.services import roster_move_out
from schools.models import SchoolClass

# (family number, child, gender, birth date, guardian, relation, mobile, address)
LEAVERS = [
    (
        "YX90001",
        "沈语桐",
        Child.Gender.FEMALE,
        datetime.date(2017, 11, 3),
        "沈建华",
        Guardian.Relation.FATHER,
        "13705710086",
        "东湖区文昌街 58 号（已随父母迁往杭州）",
    ),
    (
        "YX90002",
        "韩子墨",
        Child.Gender.MALE,
        datetime.date(2018, 2, 19),
        "韩秀兰",
        Guardian.Relation.GRANDMOTHER,
        "",
        "东湖区桂花巷 17 号",
    ),
]


def build_roster_sync() -> None:
    """Add the two pupils to the demo teacher's class, then move them out as the teacher's
    roster sync would."""
    teacher = get_user_model().objects.get(username="teacher")
    school_class = SchoolClass.objects.filter(head_teacher=teacher).order_by("pk").first()
    if school_class is None:
        return
    leaving = []
    for code, name, gender, born, guardian, relation, phone, address in LEAVERS:
        family, created = Family.objects.get_or_create(code=code, defaults={"address": address})
        if not created:
            continue
        Guardian.objects.create(family=family, name=guardian, relation=relation, phone=phone)
        child = Child.objects.create(
            family=family, name=name, gender=gender, birth_date=born, school_class=school_class
        )
        leaving.append(child.pk)
    roster_move_out(child_ids=leaving, classes=editable_classes(user=teacher), user=teacher)
