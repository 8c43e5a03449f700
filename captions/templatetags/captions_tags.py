from django import template

from ..selectors import captions_for_player

register = template.Library()


@register.simple_tag
def player_captions(video) -> list:
    """``{% player_captions video as captions %}``: the tracks a lesson's player offers."""
    return captions_for_player(video=video)
