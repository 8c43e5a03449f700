"""The outcome of a round: one row per nomination."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .reviews import Nomination
from .rounds import AwardLevel, SelectionRound


class Result(models.Model):
    """A nomination's aggregate score, rank and award. `rule_award` is what the award rules
    give; the organiser may decide otherwise (`decided`), which survives recomputation."""

    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="results")
    nomination = models.OneToOneField(Nomination, on_delete=models.CASCADE, related_name="result")
    score = models.DecimalField(_("Score"), max_digits=6, decimal_places=2, null=True)
    reviewer_count = models.PositiveSmallIntegerField(_("Reviewers counted"), default=0)
    rank = models.PositiveSmallIntegerField(_("Rank"), null=True)
    tied = models.BooleanField(_("Tied"), default=False)
    rule_award = models.ForeignKey(
        AwardLevel, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided = models.BooleanField(_("Decided by the organiser"), default=False)
    decided_award = models.ForeignKey(
        AwardLevel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Result")
        ordering = ["round", models.F("rank").asc(nulls_last=True), "nomination__pk"]

    def __str__(self) -> str:
        return f"{self.nomination} · {self.score}"

    @property
    def award(self) -> AwardLevel | None:
        return self.decided_award if self.decided else self.rule_award
