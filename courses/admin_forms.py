"""Forms of the page editor and of the lecturer snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from schools.models import SchoolClass

from .permissions import lecturer_permission_policy, lecturer_regions, lecturer_schools


class ActivityPageForm(WagtailAdminPageForm):
    """Target classes are limited to the classes of the school the activity belongs to."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        school = self._school(parent_page)
        classes = (
            SchoolClass.objects.filter(school=school) if school else SchoolClass.objects.none()
        )
        if "target_classes" in self.fields:
            self.fields["target_classes"].queryset = classes

    def _school(self, parent_page):
        parent = parent_page or (self.instance.get_parent() if self.instance.pk else None)
        return getattr(parent.specific, "school", None) if parent else None


class CoursePageForm(WagtailAdminPageForm):
    """The lecturer is one the user may see; the course's current lecturer stays valid, so
    editing a course never loses a lecturer someone with a wider scope chose."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("lecturer")
        if field is None or self.for_user is None:
            return
        choices = lecturer_permission_policy.instances_user_has_any_permission_for(
            self.for_user, ["view", "change"]
        )
        if self.instance.lecturer_id:
            choices = choices | field.queryset.filter(pk=self.instance.lecturer_id)
        field.queryset = choices
        field.error_messages["invalid_choice"] = _(
            "Choose a lecturer of your own school or region."
        )


class LecturerForm(WagtailAdminModelForm):
    """Owners offered are the user's schools and regions; everyone but a superuser gives
    the lecturer an owner, and a user of one school gets it filled in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or user.is_superuser:
            return
        schools, regions = lecturer_schools(user=user), lecturer_regions(user=user)
        self._limit("school", schools, _("Choose a school you work for."))
        self._limit("region", regions, _("Choose a city or district you work for."))
        if not self.instance.pk and not regions.exists() and schools.count() == 1:
            self.initial.setdefault("school", schools.get().pk)

    def _limit(self, name, queryset, message) -> None:
        field = self.fields[name]
        field.queryset = field.queryset.filter(pk__in=queryset.values("pk"))
        field.error_messages["invalid_choice"] = message
        # A teacher has no region to offer: the field keeps its saved value whatever is posted.
        field.disabled = not field.queryset.exists()

    def clean(self):
        cleaned = super().clean()
        user = self.for_user
        owned = cleaned.get("school") or cleaned.get("region")
        if user is not None and not user.is_superuser and not owned and not self.errors:
            self.add_error(
                "school", _("Choose the school or the city or district this lecturer belongs to.")
            )
        return cleaned
