"""The public page tree mirrors the hierarchy: city home → district → school."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from search.mixins import FACET_SEARCH_FIELDS, SearchFacetsMixin

from .hierarchy import Region, School


class DistrictPage(Page):
    """A district or county (区县): its schools, shared curricula and featured courses."""

    region = models.OneToOneField(
        Region,
        verbose_name=_("District/county"),
        on_delete=models.PROTECT,
        related_name="page",
        limit_choices_to={"kind": Region.Kind.DISTRICT},
    )
    intro = RichTextField(_("Summary"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("region"), FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "schools.SchoolPage",
        "courses.CurriculumPage",
        "courses.FeaturedCollectionPage",
    ]

    class Meta:
        verbose_name = _("District page")

    def get_context(self, request, *args, **kwargs):
        from courses import selectors

        context = super().get_context(request, *args, **kwargs)
        context["schools"] = (
            SchoolPage.objects.child_of(self).live().public().select_related("school")
        )
        context["curricula"] = selectors.curricula_under(page=self)
        context["collections"] = selectors.featured_collections_for(page=self)
        return context


class SchoolPage(SearchFacetsMixin, Page):
    """A school or community parent school (社区家长学校): introduction, contacts, its own
    and shared curricula, upcoming activities."""

    school = models.OneToOneField(
        School, verbose_name=_("School"), on_delete=models.PROTECT, related_name="page"
    )
    intro = RichTextField(_("Parent school introduction"), blank=True)
    contact_person = models.CharField(_("Contact person"), max_length=32, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("school"),
        FieldPanel("intro"),
        FieldPanel("contact_person"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        *FACET_SEARCH_FIELDS,
    ]
    parent_page_types = ["schools.DistrictPage"]
    subpage_types = [
        "courses.CurriculumPage",
        "courses.ActivityPage",
        "courses.FeaturedCollectionPage",
    ]

    class Meta:
        verbose_name = _("School page")

    def clean(self) -> None:
        super().clean()
        parent = self.get_parent()
        district = parent.specific if parent else None
        if (
            isinstance(district, DistrictPage)
            and self.school_id
            and self.school.region_id != district.region_id
        ):
            raise ValidationError({"school": _("This school belongs to another district.")})

    def get_context(self, request, *args, **kwargs):
        from courses import selectors

        context = super().get_context(request, *args, **kwargs)
        context["own_curricula"] = selectors.curricula_under(page=self)
        context["shared_curricula"] = selectors.shared_curricula_for(page=self)
        context["activities"] = selectors.upcoming_activities(school_page=self)
        context["collections"] = selectors.featured_collections_for(page=self)
        return context
