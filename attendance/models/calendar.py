"""School years, semesters and the hours rule of each region and school year."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel

from attendance.admin_forms import RegionScopedForm

DEFAULT_SESSIONS = 4
DEFAULT_CLASS_HOURS = Decimal("8")
DEFAULT_GUIDANCE_PER_SEMESTER = 2
DEFAULT_MINUTES_PER_CLASS_HOUR = 45


class SchoolYear(ClusterableModel):
    """A school year (学年) of a city or of a district. A district's schools follow the
    district's own school year where it defines one for the day, else the city's."""

    region = models.ForeignKey(
        "schools.Region",
        verbose_name=_("Region"),
        on_delete=models.PROTECT,
        related_name="school_years",
        limit_choices_to={"kind__in": ["city", "district"]},
        help_text=_("A district's own school year replaces its city's for its schools."),
    )
    name = models.CharField(_("Name"), max_length=32, help_text=_("For example 2026–2027"))
    starts_on = models.DateField(_("Starts on"))
    ends_on = models.DateField(_("Ends on"))

    panels = [
        FieldPanel("region"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        InlinePanel("semesters", label=_("Semesters"), min_num=1, max_num=3),
    ]
    base_form_class = RegionScopedForm

    class Meta:
        verbose_name = _("School year")
        verbose_name_plural = _("School years")
        ordering = ["region", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unique_school_year_name"),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.name}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("The school year must end after it starts.")})
        if self.region_id and self.region.kind not in ("city", "district"):
            raise ValidationError({"region": _("School years are set by a city or a district.")})
        overlapping = SchoolYear.objects.filter(
            region_id=self.region_id, starts_on__lte=self.ends_on, ends_on__gte=self.starts_on
        ).exclude(pk=self.pk)
        if self.starts_on and self.ends_on and overlapping.exists():
            raise ValidationError(_("This school year overlaps another one of the same region."))


class Semester(models.Model):
    school_year = ParentalKey(SchoolYear, on_delete=models.CASCADE, related_name="semesters")
    name = models.CharField(_("Name"), max_length=32)
    starts_on = models.DateField(_("Starts on"))
    ends_on = models.DateField(_("Ends on"))

    panels = [FieldPanel("name"), FieldPanel("starts_on"), FieldPanel("ends_on")]

    class Meta:
        verbose_name = _("Semester")
        verbose_name_plural = _("Semesters")
        ordering = ["school_year", "starts_on"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("The semester must end after it starts.")})


class HoursRule(models.Model):
    """What a family must complete in a school year. A district's rule overrides its
    city's; with neither, the national defaults (四次八课时, two guidance activities a
    semester, 45-minute class hours) apply."""

    region = models.ForeignKey(
        "schools.Region",
        verbose_name=_("Region"),
        on_delete=models.PROTECT,
        related_name="hours_rules",
    )
    school_year = models.ForeignKey(
        SchoolYear,
        verbose_name=_("School year"),
        on_delete=models.CASCADE,
        related_name="rules",
    )
    min_sessions = models.PositiveSmallIntegerField(_("Minimum sessions"), default=DEFAULT_SESSIONS)
    min_class_hours = models.DecimalField(
        _("Minimum class hours"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_CLASS_HOURS,
        validators=[MinValueValidator(Decimal("0"))],
    )
    min_guidance_per_semester = models.PositiveSmallIntegerField(
        _("Minimum guidance activities per semester"), default=DEFAULT_GUIDANCE_PER_SEMESTER
    )
    minutes_per_class_hour = models.PositiveSmallIntegerField(
        _("Minutes per class hour"),
        default=DEFAULT_MINUTES_PER_CLASS_HOUR,
        validators=[MinValueValidator(1)],
    )

    panels = [
        FieldPanel("region"),
        FieldPanel("school_year"),
        FieldRowPanel([FieldPanel("min_sessions"), FieldPanel("min_class_hours")]),
        FieldRowPanel(
            [FieldPanel("min_guidance_per_semester"), FieldPanel("minutes_per_class_hour")]
        ),
    ]
    base_form_class = RegionScopedForm

    class Meta:
        verbose_name = _("Hours rule")
        verbose_name_plural = _("Hours rules")
        ordering = ["school_year", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "school_year"], name="unique_hours_rule"),
        ]

    def __str__(self) -> str:
        return f"{self.region} · {self.school_year.name}"

    def clean(self) -> None:
        if not (self.region_id and self.school_year_id):
            return
        # A district's rule may apply to its own school year or to its city's.
        allowed = {self.region_id, self.region.parent_id or self.region_id}
        if self.school_year.region_id not in allowed:
            raise ValidationError(
                {"school_year": _("Choose a school year of this region or of its city.")}
            )
