"""The city home page and the site-wide settings editors maintain."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from courses.models import Topic
from schools.models import Region


class HomePage(Page):
    """The home of a city's online parent school: who runs it, its districts and schools,
    the topics it teaches."""

    tagline = models.CharField(_("Tagline"), max_length=120, blank=True)
    intro = RichTextField(_("Summary"), blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("City"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": Region.Kind.CITY},
    )

    content_panels = Page.content_panels + [
        FieldPanel("tagline"),
        FieldPanel("intro"),
        FieldPanel("region"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "schools.DistrictPage",
        "courses.CurriculumPage",
        "courses.CatalogPage",
        "courses.FeaturedCollectionPage",
    ]

    class Meta:
        verbose_name = _("City home page")

    def get_context(self, request, *args, **kwargs):
        from courses import selectors
        from courses.models import CatalogPage
        from schools.models import DistrictPage, SchoolPage

        context = super().get_context(request, *args, **kwargs)
        districts = list(DistrictPage.objects.child_of(self).live().public())
        schools = SchoolPage.objects.live().public().descendant_of(self).select_related("school")
        for district in districts:
            district.school_pages = [s for s in schools if s.path.startswith(district.path)]
        context["districts"] = districts
        context["topics"] = Topic.objects.all()
        context["collections"] = selectors.featured_collections_for(page=self)
        context["curricula"] = selectors.curricula_under(page=self)
        context["catalogue"] = CatalogPage.objects.live().descendant_of(self).first()
        return context


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What every page's header and footer show."""

    organisation = models.CharField(
        _("Organised by"),
        max_length=100,
        blank=True,
        help_text=_("For example: the city education bureau"),
    )
    hotline = models.CharField(_("Hotline"), max_length=32, blank=True)
    icp_number = models.CharField(_("ICP licence number"), max_length=40, blank=True)
    footer_note = models.CharField(_("Footer note"), max_length=200, blank=True)

    panels = [
        FieldPanel("organisation"),
        FieldPanel("hotline"),
        FieldPanel("icp_number"),
        FieldPanel("footer_note"),
    ]

    class Meta:
        verbose_name = _("Site settings")
