"""A selection round (评选), its rubric and its award levels."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable


class Phase(models.TextChoices):
    """Where a round stands, derived from its dates and its publication."""

    UPCOMING = "upcoming", _("Not yet open")
    NOMINATING = "nominating", _("Accepting nominations")
    WAITING = "waiting", _("Waiting for review")
    REVIEWING = "reviewing", _("Under review")
    DELIBERATING = "deliberating", _("Review closed")
    PUBLISHED = "published", _("Results published")


class SelectionRound(ClusterableModel):
    """A premium course selection of a city or district for one year: the rubric reviewers
    score, the windows for nominating and reviewing, the award levels and the quota."""

    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("Title"), max_length=100)
    region = models.ForeignKey(
        "schools.Region",
        verbose_name=_("Region"),
        on_delete=models.PROTECT,
        related_name="selection_rounds",
    )
    year = models.PositiveSmallIntegerField(_("Year"))
    description = models.TextField(_("Description"), blank=True)
    nomination_opens = models.DateTimeField(_("Nominations open"))
    nomination_closes = models.DateTimeField(_("Nominations close"))
    review_opens = models.DateTimeField(_("Review opens"))
    review_closes = models.DateTimeField(_("Review closes"))
    publication_date = models.DateField(_("Planned publication date"))
    quota_per_school = models.PositiveSmallIntegerField(
        _("Nominations per school"), default=2, validators=[MinValueValidator(1)]
    )
    blind_review = models.BooleanField(
        _("Blind review"), default=False, help_text=_("Hide school names from reviewers.")
    )
    trimmed_mean = models.BooleanField(
        _("Trimmed mean"),
        default=False,
        help_text=_(
            "With three or more reviewers, drop the highest and the lowest score before "
            "taking the mean."
        ),
    )
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    published_at = models.DateTimeField(_("Published at"), null=True, blank=True)
    results_computed_at = models.DateTimeField(_("Results computed at"), null=True, blank=True)
    collection = models.ForeignKey(
        "courses.FeaturedCollectionPage",
        verbose_name=_("Featured collection of the winners"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("region"), FieldPanel("year")]),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("nomination_opens"), FieldPanel("nomination_closes")]),
                FieldRowPanel([FieldPanel("review_opens"), FieldPanel("review_closes")]),
                FieldPanel("publication_date"),
            ],
            heading=_("Schedule"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("quota_per_school"),
                FieldPanel("blind_review"),
                FieldPanel("trimmed_mean"),
            ],
            heading=_("Rules"),
        ),
        InlinePanel("rubric_items", label=_("Rubric items"), min_num=1),
        InlinePanel("award_levels", label=_("Award levels"), min_num=1),
    ]

    class Meta:
        verbose_name = _("Selection round")
        verbose_name_plural = _("Selection rounds")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        order = [
            ("nomination_opens", self.nomination_opens),
            ("nomination_closes", self.nomination_closes),
            ("review_opens", self.review_opens),
            ("review_closes", self.review_closes),
        ]
        for (_earlier, first), (field, second) in zip(order, order[1:], strict=False):
            if first and second and second < first:
                raise ValidationError({field: _("The dates must follow one another in order.")})
        closes = self.review_closes
        if closes and self.publication_date and self.publication_date < timezone.localdate(closes):
            raise ValidationError(
                {"publication_date": _("Results cannot be published before the review closes.")}
            )

    def phase(self, now: datetime.datetime | None = None) -> str:
        now = now or timezone.now()
        if self.status == self.Status.PUBLISHED:
            return Phase.PUBLISHED
        for boundary, phase in (
            (self.nomination_opens, Phase.UPCOMING),
            (self.nomination_closes, Phase.NOMINATING),
            (self.review_opens, Phase.WAITING),
            (self.review_closes, Phase.REVIEWING),
        ):
            if now < boundary:
                return phase
        return Phase.DELIBERATING

    def get_phase_display(self) -> str:
        return str(Phase(self.phase()).label)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class RubricItem(Orderable):
    """One criterion reviewers score, with its weight in the total."""

    round = ParentalKey(SelectionRound, on_delete=models.CASCADE, related_name="rubric_items")
    name = models.CharField(_("Criterion"), max_length=60)
    description = models.CharField(_("What to look for"), max_length=200, blank=True)
    weight = models.DecimalField(
        _("Weight"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0.01)],
        help_text=_("Weights are relative: 40, 30 and 30 give 40%, 30% and 30%."),
    )
    max_score = models.DecimalField(
        _("Maximum score"), max_digits=5, decimal_places=2, validators=[MinValueValidator(1)]
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("weight"), FieldPanel("max_score")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Rubric item")

    def __str__(self) -> str:
        return self.name


class AwardLevel(Orderable):
    """An award (一等奖, 精品课程 …). Levels are handed out in order: each takes the
    nominations its rule admits that no earlier level has taken."""

    class Rule(models.TextChoices):
        TOP_N = "top_n", _("Ranked within the top N")
        MIN_SCORE = "min_score", _("Score at least")
        DECISION = "decision", _("Organiser's decision only")

    round = ParentalKey(SelectionRound, on_delete=models.CASCADE, related_name="award_levels")
    name = models.CharField(_("Name"), max_length=40)
    rule = models.CharField(_("Rule"), max_length=16, choices=Rule.choices, default=Rule.TOP_N)
    top_n = models.PositiveSmallIntegerField(
        _("Top N (by rank)"),
        null=True,
        blank=True,
        help_text=_("Every nomination ranked N or better; a tie at the cut-off is included."),
    )
    min_score = models.DecimalField(
        _("Minimum score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    is_premium = models.BooleanField(
        _("Makes a premium course"),
        default=True,
        help_text=_("Winners get the premium badge and join the featured collection."),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("rule"), FieldPanel("top_n"), FieldPanel("min_score")]),
        FieldPanel("is_premium"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Award level")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.rule == self.Rule.TOP_N and not self.top_n:
            raise ValidationError({"top_n": _("Give N for a top-N rule.")})
        if self.rule == self.Rule.MIN_SCORE and self.min_score is None:
            raise ValidationError({"min_score": _("Give the minimum score.")})
