from .calendar import (
    DEFAULT_CLASS_HOURS,
    DEFAULT_GUIDANCE_PER_SEMESTER,
    DEFAULT_MINUTES_PER_CLASS_HOUR,
    DEFAULT_SESSIONS,
    HoursRule,
    SchoolYear,
    Semester,
)
from .exports import ExportJob
from .ledger import AppendOnlyError, LedgerEntry
from .playback import PlaybackSession
from .totals import MAX_SEMESTERS, FamilyYearTotal

__all__ = [
    "DEFAULT_CLASS_HOURS",
    "DEFAULT_GUIDANCE_PER_SEMESTER",
    "DEFAULT_MINUTES_PER_CLASS_HOUR",
    "DEFAULT_SESSIONS",
    "MAX_SEMESTERS",
    "AppendOnlyError",
    "ExportJob",
    "FamilyYearTotal",
    "HoursRule",
    "LedgerEntry",
    "PlaybackSession",
    "SchoolYear",
    "Semester",
]
