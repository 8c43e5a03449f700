import re

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from families.models import Guardian

from . import lockout

PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


def clean_phone(value: str) -> str:
    phone = re.sub(r"[\s-]", "", value or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    if not PHONE_RE.match(phone):
        raise ValidationError(_("Please enter an 11-digit mainland mobile number."))
    return phone


class NewPasswordMixin:
    """Two password fields checked against Django's password validators."""

    def clean(self):
        data = super().clean()
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("The two passwords do not match."))
        elif first:
            try:
                password_validation.validate_password(first, self.password_user())
            except ValidationError as error:
                self.add_error("new_password1", error)
        return data

    def password_user(self):
        return None


def password_fields():
    return (
        forms.CharField(
            label=_("Password"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            help_text=password_validation.password_validators_help_text_html(),
        ),
        forms.CharField(
            label=_("Password again"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        ),
    )


class RegistrationForm(NewPasswordMixin, forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    new_password1, new_password2 = password_fields()
    invite = forms.CharField(
        label=_("Invite code"),
        max_length=20,
        help_text=_("The code your school or class teacher gave you."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    child_name = forms.CharField(
        label=_("Your child's name"),
        max_length=32,
        help_text=_("As enrolled at school, to confirm your family."),
    )
    guardian_name = forms.CharField(label=_("Your name"), max_length=32)
    relation = forms.ChoiceField(
        label=_("Relation to the child"), choices=Guardian.Relation.choices
    )
    consent = forms.BooleanField(
        label=_("I have read the consent text above and agree, as the child's guardian."),
        error_messages={"required": _("Registration needs your consent as the child's guardian.")},
    )

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def password_user(self):
        from django.contrib.auth import get_user_model

        return get_user_model()(
            username=self.cleaned_data.get("phone", ""),
            first_name=self.cleaned_data.get("guardian_name", ""),
        )


class LoginForm(AuthenticationForm):
    """The public login, which says so when an account is locked after failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _(
            "Too many failed attempts. Please wait 15 minutes, or ask your school to "
            "reset your password."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and lockout.is_locked(username=username, request=self.request):
            raise ValidationError(self.error_messages["locked"], code="locked")
        return super().clean()


class ResetWithCodeForm(NewPasswordMixin, forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "username"}),
    )
    code = forms.CharField(
        label=_("Reset code from the school"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    new_password1, new_password2 = password_fields()

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])


class InviteCodeForm(forms.Form):
    target = forms.ChoiceField(label=_("For"))
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=180, initial=30)
    max_uses = forms.IntegerField(
        label=_("Maximum number of registrations"), min_value=1, max_value=2000, initial=100
    )

    def __init__(self, *args, schools, classes, admin_school_ids, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for school in schools:
            if school.pk in admin_school_ids:
                choices.append(
                    (f"school:{school.pk}", _("%(school)s (whole school)") % {"school": school})
                )
        for school_class in classes:
            choices.append((f"class:{school_class.pk}", f"{school_class.school} {school_class}"))
        self.fields["target"].choices = choices
        self.schools = {s.pk: s for s in schools}
        self.classes = {c.pk: c for c in classes}

    def clean_target(self):
        kind, _sep, pk = self.cleaned_data["target"].partition(":")
        if kind == "class":
            school_class = self.classes[int(pk)]
            return school_class.school, school_class
        return self.schools[int(pk)], None


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with this course?"),
        coerce=int,
        choices=[
            (5, _("Very satisfied")),
            (4, _("Satisfied")),
            (3, _("Neutral")),
            (2, _("Dissatisfied")),
            (1, _("Very dissatisfied")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how satisfied you are.")},
    )
    comment = forms.CharField(
        label=_("Anything you would like to tell the school? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
