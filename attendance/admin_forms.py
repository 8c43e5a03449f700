"""Admin forms that offer bureau staff only the regions and school years they serve."""

from wagtail.admin.forms import WagtailAdminModelForm

from schools.models import Region

from . import scope


class RegionScopedForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = scope.report_regions(user=self.for_user) if self.for_user else Region.objects
        if "region" in self.fields:
            field = self.fields["region"]
            field.queryset = field.queryset.filter(pk__in=regions.values("pk"))
        if "school_year" in self.fields:
            field = self.fields["school_year"]
            # Years of the regions served (a district's own, a city's) and of their city.
            field.queryset = field.queryset.filter(
                region__in=regions.values("pk")
            ) | field.queryset.filter(region__in=regions.values("parent_id"))
