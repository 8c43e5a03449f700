"""Forms of the selection admin. They shape input; the services decide what is allowed."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateTimeInput

from courses.models import CoursePage
from schools.models import Membership, Role, School

from . import selectors
from .models import ScoreEvent, SelectionRound


class RoundForm(WagtailAdminModelForm):
    """A round's setup; the region is one the organiser serves."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            self.fields["region"].queryset = selectors.organiser_regions(user=self.for_user)

    def clean(self):
        cleaned = super().clean()
        # Scores were given against these criteria: changing them would rewrite history.
        rubric = self.formsets.get("rubric_items")
        changed = self.instance.pk and rubric is not None and rubric.has_changed()
        if changed and ScoreEvent.objects.filter(round=self.instance).exists():
            raise forms.ValidationError(_("The rubric cannot change once scoring has begun."))
        return cleaned


class NominationForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=CoursePage.objects.none())
    statement = forms.CharField(
        label=_("Statement"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why this course deserves the award: its audience, content and effect."),
    )

    def __init__(self, *args, round: SelectionRound, user, **kwargs):
        super().__init__(*args, **kwargs)
        schools = selectors.nominating_schools(user=user, round=round)
        ids = [
            pk
            for school in schools
            for pk in selectors.nominable_courses(school=school).values_list("pk", flat=True)
        ]
        self.fields["course"].queryset = CoursePage.objects.filter(pk__in=ids).order_by("path")


class AssignReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=get_user_model().objects.none())
    affiliated_school = forms.ModelChoiceField(
        label=_("Affiliated school"),
        queryset=School.objects.none(),
        required=False,
        help_text=_("The school the reviewer works at: its courses will not be theirs to score."),
    )

    def __init__(self, *args, round: SelectionRound, **kwargs):
        super().__init__(*args, **kwargs)
        above = [round.region_id] + ([round.region.parent_id] if round.region.parent_id else [])
        reviewer_ids = Membership.objects.filter(
            role=Role.REVIEWER, region_id__in=above
        ).values_list("user_id", flat=True)
        self.fields["reviewer"].queryset = get_user_model().objects.filter(pk__in=reviewer_ids)
        self.fields["reviewer"].label_from_instance = _person
        self.fields["affiliated_school"].queryset = School.objects.filter(
            pk__in=selectors.round_school_ids(round=round)
        )


def _person(user) -> str:
    return (
        f"{user.last_name}{user.first_name}（{user.username}）" if user.last_name else user.username
    )


class ScoreForm(forms.Form):
    """A score and a comment per rubric item. Empty scores are allowed in a draft."""

    def __init__(self, *args, round: SelectionRound, sheet=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = {s.item_id: s for s in sheet.scores.all()} if sheet else {}
        self.items = list(round.rubric_items.all())
        for item in self.items:
            score = current.get(item.pk)
            self.fields[f"value_{item.pk}"] = forms.CharField(
                label=_("%(item)s (out of %(max)s)")
                % {"item": item.name, "max": f"{item.max_score.normalize():f}"},
                required=False,
                initial=f"{score.value.normalize():f}" if score else "",
                help_text=item.description,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                initial=score.comment if score else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def values(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            item.pk: (data.get(f"value_{item.pk}", ""), data.get(f"comment_{item.pk}", ""))
            for item in self.items
        }

    def rows(self):
        return [(item, self[f"value_{item.pk}"], self[f"comment_{item.pk}"]) for item in self.items]


class AwardDecisionForm(forms.Form):
    FOLLOW_RULE = "rule"
    NO_AWARD = "none"

    decision = forms.ChoiceField(label=_("Award"))

    def __init__(self, *args, round: SelectionRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = {str(level.pk): level for level in round.award_levels.all()}
        self.fields["decision"].choices = [
            (self.FOLLOW_RULE, _("As the rules give")),
            (self.NO_AWARD, _("No award")),
            *[(pk, level.name) for pk, level in self.levels.items()],
        ]


class BroadcastForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100)
    courses = forms.ModelMultipleChoiceField(
        label=_("Courses"),
        queryset=CoursePage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=AdminDateTimeInput)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=AdminDateTimeInput)

    def __init__(self, *args, round: SelectionRound, **kwargs):
        super().__init__(*args, **kwargs)
        awarded = [
            r.nomination.course_id for r in selectors.results_of(round=round) if r.award is not None
        ]
        self.fields["courses"].queryset = CoursePage.objects.filter(pk__in=awarded)
        self.fields["title"].initial = round.title
