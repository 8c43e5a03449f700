"""Nominations, reviewers and their scores, with the append-only log of every change."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .rounds import RubricItem, SelectionRound


class Nomination(models.Model):
    """A school's course put forward for a round, frozen as the revision reviewers see."""

    round = models.ForeignKey(
        SelectionRound,
        verbose_name=_("Round"),
        on_delete=models.CASCADE,
        related_name="nominations",
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("Course"), on_delete=models.PROTECT, related_name="+"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("Frozen revision"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    school = models.ForeignKey(
        "schools.School", verbose_name=_("School"), on_delete=models.PROTECT, related_name="+"
    )
    statement = models.TextField(_("Statement"))
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("Nominated at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Nomination")
        verbose_name_plural = _("Nominations")
        ordering = ["round", "school__code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "course"], name="unique_nomination"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.revision.content.get("title", "")

    def frozen_course(self):
        """The course as it was when nominated: what every reviewer scores."""
        return self.revision.as_object()


class ReviewerAssignment(models.Model):
    """A reviewer (评审专家) taking part in a round. `affiliated_school` is the school the
    reviewer works at, if any: its nominations are never theirs to score."""

    round = models.ForeignKey(
        SelectionRound, verbose_name=_("Round"), on_delete=models.CASCADE, related_name="reviewers"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Reviewer"),
        on_delete=models.PROTECT,
        related_name="selection_assignments",
    )
    affiliated_school = models.ForeignKey(
        "schools.School",
        verbose_name=_("Affiliated school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Reviewer assignment")
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "reviewer"], name="unique_reviewer"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.reviewer}"


class ScoreSheet(models.Model):
    """One reviewer's scores for one nomination: a draft until submitted."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    assignment = models.ForeignKey(
        ReviewerAssignment, on_delete=models.CASCADE, related_name="sheets"
    )
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="sheets")
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "nomination"], name="unique_sheet"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.nomination}"


class Score(models.Model):
    """The current score of one rubric item on a sheet."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(RubricItem, on_delete=models.RESTRICT, related_name="+")
    value = models.DecimalField(_("Score"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("Comment"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sheet", "item"], name="unique_score")]

    def __str__(self) -> str:
        return f"{self.item} = {self.value}"


class ScoreEvent(models.Model):
    """Append-only: every score a reviewer saved or submitted, in order. Results can be
    recomputed from these rows alone (`selection.scoring.results_from_events`)."""

    round = models.ForeignKey(SelectionRound, on_delete=models.CASCADE, related_name="+")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    item = models.ForeignKey(RubricItem, on_delete=models.RESTRICT, related_name="+")
    value = models.DecimalField(max_digits=6, decimal_places=2)
    comment = models.TextField(blank=True)
    submitted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Score change")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.item} = {self.value}"

    def save(self, *args, **kwargs):
        # The log is evidence: a row once written is never rewritten.
        if self.pk is not None:
            raise ValueError("score events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("score events are append-only")
