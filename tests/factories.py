import datetime

import factory
from django.contrib.auth import get_user_model

from families.models import Child, Family, Guardian
from schools.models import Membership, Region, Role, School, SchoolClass, Stage


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-for-tests")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"城市{n}")
    kind = Region.Kind.CITY
    code = factory.Sequence(lambda n: f"98{n:04d}")


class DistrictFactory(RegionFactory):
    name = factory.Sequence(lambda n: f"区县{n}")
    kind = Region.Kind.DISTRICT
    parent = factory.SubFactory(RegionFactory)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    region = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"第{n}小学")
    stages = [Stage.PRIMARY.value]
    code = factory.Sequence(lambda n: f"97{n:06d}")


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolClass

    school = factory.SubFactory(SchoolFactory)
    grade = "p3"
    number = factory.Sequence(lambda n: n + 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.TEACHER
    school = factory.SubFactory(SchoolFactory)


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    code = factory.Sequence(lambda n: f"T{n:06d}")


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian

    family = factory.SubFactory(FamilyFactory)
    name = factory.Sequence(lambda n: f"家长{n}")
    relation = Guardian.Relation.MOTHER


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    family = factory.SubFactory(FamilyFactory)
    name = factory.Sequence(lambda n: f"孩子{n}")
    gender = Child.Gender.FEMALE
    birth_date = datetime.date(2017, 10, 1)
    school_class = factory.SubFactory(SchoolClassFactory)
