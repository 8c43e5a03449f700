"""Forms of the page editor."""

from wagtail.admin.forms import WagtailAdminPageForm

from schools.models import SchoolClass


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
