"""Forms of the staff pages. Each carries a one-time token so a resent form (double tap,
flaky network, back button) records nothing twice."""

import uuid
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OnceForm(forms.Form):
    form_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_token"].initial = uuid.uuid4()


class HomeVisitForm(OnceForm):
    visited_on = forms.DateField(
        label=_("Date of the visit"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a valid date.")},
    )
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=1,
        max_value=600,
        error_messages={
            "min_value": _("A home visit must last at least one minute."),
            "max_value": _("A home visit cannot last more than ten hours."),
        },
    )
    note = forms.CharField(label=_("What was discussed"), max_length=200)

    def clean_visited_on(self):
        day = self.cleaned_data["visited_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A home visit cannot be in the future."))
        return day


class AdjustmentForm(OnceForm):
    class_hours = forms.DecimalField(
        label=_("Class hours (+/-)"),
        max_digits=5,
        decimal_places=2,
        initial=Decimal("0"),
        min_value=Decimal("-50"),
        max_value=Decimal("50"),
    )
    sessions = forms.IntegerField(label=_("Sessions (+/-)"), initial=0, min_value=-20, max_value=20)
    guidance = forms.IntegerField(
        label=_("Guidance activities (+/-)"), initial=0, min_value=-20, max_value=20
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)
