from .departures import ClassDeparture
from .enrolment import FamilyEnrolment
from .household import Child, Family, Guardian
from .special_groups import SpecialGroup, SpecialGroupAccess, SpecialGroupFlag

__all__ = [
    "Child",
    "ClassDeparture",
    "Family",
    "FamilyEnrolment",
    "Guardian",
    "SpecialGroup",
    "SpecialGroupAccess",
    "SpecialGroupFlag",
]
