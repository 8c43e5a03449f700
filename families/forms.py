"""Forms of the families admin: a family with its guardians and children, the roster
upload, and a child's special-group flags."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from schools.models import SchoolClass

from .models import Child, Family, Guardian, SpecialGroup
from .roster.rows import PHONE, normalise_phone


class FamilyForm(forms.ModelForm):
    class Meta:
        model = Family
        fields = ["address"]


class GuardianForm(forms.ModelForm):
    class Meta:
        model = Guardian
        fields = ["name", "relation", "phone"]

    def clean_phone(self) -> str:
        phone = normalise_phone(self.cleaned_data["phone"])
        if phone and not PHONE.fullmatch(phone):
            raise forms.ValidationError(_("Enter an 11-digit mobile number starting with 1."))
        return phone


class ChildForm(forms.ModelForm):
    class Meta:
        model = Child
        fields = ["name", "gender", "birth_date", "school_class"]
        widgets = {"birth_date": AdminDateInput}

    def __init__(self, *args, classes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = classes.select_related("school")
        self.fields["school_class"].required = True
        self.fields["school_class"].label_from_instance = class_label


def class_label(school_class: SchoolClass) -> str:
    return f"{school_class.school} · {school_class}"


GuardianFormSet = inlineformset_factory(
    Family, Guardian, form=GuardianForm, extra=1, can_delete=True, min_num=1, validate_min=True
)
ChildFormSet = inlineformset_factory(Family, Child, form=ChildForm, extra=1, can_delete=True)


class RosterUploadForm(forms.Form):
    target = forms.ChoiceField(label=_("Import into"))
    file = forms.FileField(
        label=_("Roster file"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file (UTF-8 or GBK), up to 2000 rows."),
        error_messages={"empty": _("The file is empty."), "required": _("Choose a file.")},
    )
    sync = forms.BooleanField(
        label=_("Sync the roster: move children who are not in the file out of the class"),
        help_text=_(
            "Off unless ticked. Into one class: children of that class missing from the file "
            "leave it. Into a whole school: the same for each class the file names; classes it "
            "does not name are left alone. Those moved out keep their family and hours, and "
            "are listed in the preview before anything happens."
        ),
        required=False,
    )

    def __init__(self, *args, targets: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = targets


class ExportForm(forms.Form):
    target = forms.ChoiceField(label=_("Families of"), required=False)
    format = forms.ChoiceField(
        label=_("Format"), choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV")], initial="xlsx"
    )

    def __init__(self, *args, targets: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", _("Everyone I may see"))] + targets


class SpecialGroupsForm(forms.Form):
    groups = forms.MultipleChoiceField(
        label=_("Special groups"),
        choices=SpecialGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
