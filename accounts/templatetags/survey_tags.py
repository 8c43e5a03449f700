"""`{% course_rateable course as rateable %}`: whether the signed-in parent's family may
rate a course (the ledger credits it with a lesson of it), for the link on lesson pages."""

from django import template

from families.selectors import family_of

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def course_rateable(context, course) -> bool:
    user = context["request"].user
    if not user.is_authenticated:
        return False
    family = family_of(user=user)
    return family is not None and selectors.course_credited(family=family, course=course)
