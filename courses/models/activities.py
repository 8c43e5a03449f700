"""Offline activities of a school; check-ins and hours are recorded against them later."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from courses.admin_forms import ActivityPageForm
from search.mixins import FACET_SEARCH_FIELDS, SearchFacetsMixin


class ActivityPage(SearchFacetsMixin, Page):
    """A lecture, parent salon, open day, home-visit campaign or guidance activity."""

    class Kind(models.TextChoices):
        LECTURE = "lecture", _("Lecture")
        SALON = "salon", _("Parent salon")
        OPEN_DAY = "open_day", _("Open day")
        HOME_VISIT = "home_visit", _("Home-visit campaign")
        GUIDANCE = "guidance", _("Family-education guidance activity")

    kind = models.CharField(_("Kind"), max_length=16, choices=Kind.choices)
    starts_at = models.DateTimeField(_("Starts at"))
    ends_at = models.DateTimeField(_("Ends at"))
    place = models.CharField(_("Place"), max_length=120)
    target_classes = ParentalManyToManyField(
        "schools.SchoolClass",
        verbose_name=_("Target classes"),
        blank=True,
        help_text=_("Leave empty for the families of the whole school."),
    )
    class_hours = models.DecimalField(
        _("Class hours credited"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.25"))],
    )
    description = RichTextField(_("Description"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("place"),
                FieldPanel("class_hours"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("target_classes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("description"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("place"),
        index.SearchField("description"),
        *FACET_SEARCH_FIELDS,
    ]
    api_fields = [
        APIField("kind"),
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("place"),
        APIField("class_hours"),
        APIField("description"),
        APIField("target_class_names"),
    ]
    parent_page_types = ["schools.SchoolPage"]
    subpage_types: list[str] = []
    base_form_class = ActivityPageForm

    class Meta:
        verbose_name = _("Offline activity")

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The activity must end after it starts.")})

    @property
    def target_class_names(self) -> list[str]:
        return [str(school_class) for school_class in self.target_classes.all()]

    @property
    def school(self):
        return self.get_parent().specific.school
