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
            cities = regions.filter(kind=Region.Kind.CITY).values("pk")
            parents = regions.values("parent_id")
            field.queryset = field.queryset.filter(region__in=cities) | field.queryset.filter(
                region__in=parents
            )
