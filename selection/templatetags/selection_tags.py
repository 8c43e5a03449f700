from django import template
from django.utils import timezone

from schools.models import Region, School

from .. import selectors

register = template.Library()


@register.inclusion_tag("selection/includes/broadcasts.html")
def live_broadcasts_for(page) -> dict:
    """The joint broadcasts (联合展播) running now for a school, district or city page."""
    school: School | None = getattr(page, "school", None)
    region: Region | None = getattr(page, "region", None)
    broadcasts = selectors.live_broadcasts(now=timezone.now(), school=school, region=region)
    return {"broadcasts": broadcasts}
