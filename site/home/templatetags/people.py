import re

from django import template

register = template.Library()

CJK = re.compile(r"[\u4e00-\u9fff]")


@register.filter
def person_name(user) -> str:
    """A user's name as people write it: family name first for Chinese names."""
    first, last = user.first_name.strip(), user.last_name.strip()
    if not (first or last):
        return user.get_username()
    if CJK.search(first + last):
        return f"{last}{first}"
    return f"{first} {last}".strip()
