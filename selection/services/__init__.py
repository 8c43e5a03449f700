"""Writes of the selection. Every rule a user can break is checked here and refused with
a message the user can read (`SelectionRefused`)."""

from .broadcasts import broadcast_schedule, purge_for_broadcast_edge
from .results import award_decide, results_compute, round_publish
from .reviews import nomination_create, nomination_withdraw, reviewer_assign, score_save

__all__ = [
    "award_decide",
    "broadcast_schedule",
    "nomination_create",
    "nomination_withdraw",
    "purge_for_broadcast_edge",
    "results_compute",
    "reviewer_assign",
    "round_publish",
    "score_save",
]
