from .broadcasts import Broadcast, BroadcastItem
from .results import Result
from .reviews import Nomination, ReviewerAssignment, Score, ScoreEvent, ScoreSheet
from .rounds import AwardLevel, Phase, RubricItem, SelectionRound

__all__ = [
    "AwardLevel",
    "Broadcast",
    "BroadcastItem",
    "Nomination",
    "Phase",
    "Result",
    "ReviewerAssignment",
    "RubricItem",
    "Score",
    "ScoreEvent",
    "ScoreSheet",
    "SelectionRound",
]
