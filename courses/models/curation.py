"""What editors put in front of parents: featured collections and the catalogue."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page


class FeaturedCollectionPage(Page):
    """An ordered, dated collection of courses (推荐课程, a topic collection, a seasonal
    campaign). It shows on the home page of the city, district or school it sits under,
    and on every page below that."""

    class Kind(models.TextChoices):
        RECOMMENDED = "recommended", _("Recommended courses")
        TOPIC = "topic", _("Topic collection")
        CAMPAIGN = "campaign", _("Seasonal campaign")

    kind = models.CharField(
        _("Kind"), max_length=16, choices=Kind.choices, default=Kind.RECOMMENDED
    )
    intro = RichTextField(_("Summary"), blank=True)
    starts_on = models.DateField(_("Shown from"), null=True, blank=True)
    ends_on = models.DateField(_("Shown until"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("Priority"), default=10, help_text=_("Smaller numbers are shown first.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        MultiFieldPanel(
            [FieldPanel("starts_on"), FieldPanel("ends_on"), FieldPanel("priority")],
            heading=_("When and where it shows"),
        ),
        FieldPanel("intro"),
        InlinePanel("items", label=_("Courses"), min_num=1),
    ]
    parent_page_types = ["home.HomePage", "schools.DistrictPage", "schools.SchoolPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("Featured collection")

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date is before the start date.")})

    def is_showing(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (not self.starts_on or self.starts_on <= on) and (
            not self.ends_on or on <= self.ends_on
        )

    def get_context(self, request, *args, **kwargs):
        from courses import selectors

        context = super().get_context(request, *args, **kwargs)
        context["courses"] = selectors.collection_courses(collections=[self])[self.pk]
        return context


class FeaturedItem(Orderable):
    collection = ParentalKey(FeaturedCollectionPage, on_delete=models.CASCADE, related_name="items")
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("Course"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("course")]


class CatalogPage(Page):
    """The catalogue: every published course, to browse by stage, grade and topic."""

    intro = RichTextField(_("Summary"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("Course catalogue")

    def get_context(self, request, *args, **kwargs):
        from courses import selectors
        from courses.forms import CatalogFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = CatalogFilterForm(request.GET or None)
        form.is_valid()  # a bad value drops that one filter, never the page
        filters = getattr(form, "cleaned_data", {})
        page = selectors.catalogue_page(filters=filters, page_number=request.GET.get("page"))
        context.update(form=form, courses=page, filters=filters)
        return context
