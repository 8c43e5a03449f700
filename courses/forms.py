from django import forms
from django.utils.translation import gettext_lazy as _

from schools.models import Grade, Stage

from .models.taxonomy import Topic


class CatalogFilterForm(forms.Form):
    """The catalogue's filters; unknown values are ignored rather than failing."""

    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("All stages"))] + Stage.choices, required=False
    )
    grade = forms.ChoiceField(
        label=_("Grade"), choices=[("", _("All grades"))] + Grade.choices, required=False
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
    )
    premium = forms.BooleanField(label=_("Premium courses only"), required=False)
