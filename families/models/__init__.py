from .enrolment import FamilyEnrolment
from .household import Child, Family, Guardian
from .special_groups import SpecialGroup, SpecialGroupAccess, SpecialGroupFlag

__all__ = [
    "Child",
    "Family",
    "FamilyEnrolment",
    "Guardian",
    "SpecialGroup",
    "SpecialGroupAccess",
    "SpecialGroupFlag",
]
