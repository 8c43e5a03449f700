import datetime

import factory
from django.utils import timezone

from accounts.models import ConsentVersion, InviteCode
from tests.factories import SchoolClassFactory


class ConsentVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentVersion
        django_get_or_create = ["version"]

    version = factory.Sequence(lambda n: n + 100)
    title = "儿童个人信息处理监护人同意书"
    body = "我们仅为记录家庭教育学时处理孩子的姓名和班级。"


class InviteCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InviteCode

    code = factory.Sequence(lambda n: f"INV{n:05d}")
    school_class = factory.SubFactory(SchoolClassFactory)
    school = factory.LazyAttribute(lambda o: o.school_class.school)
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    max_uses = 50
