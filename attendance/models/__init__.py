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

__all__ = [
    "DEFAULT_CLASS_HOURS",
    "DEFAULT_GUIDANCE_PER_SEMESTER",
    "DEFAULT_MINUTES_PER_CLASS_HOUR",
    "DEFAULT_SESSIONS",
    "AppendOnlyError",
    "ExportJob",
    "HoursRule",
    "LedgerEntry",
    "PlaybackSession",
    "SchoolYear",
    "Semester",
]
