from .departures import ClassDeparture
from .household import Child, Family, Guardian
from .special_groups import SpecialGroup, SpecialGroupAccess, SpecialGroupFlag

__all__ = [
    "Child",
    "ClassDeparture",
    "Family",
    "Guardian",
    "SpecialGroup",
    "SpecialGroupAccess",
    "SpecialGroupFlag",
]
