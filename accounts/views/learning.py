"""我的学习: the parent's landing page, one section per include, each fed by a selector."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from attendance import selectors as hours
from courses.selectors import live_courses
from families.selectors import family_of

from .. import selectors, services
from ..access import consent_required
from ..errors import AccountError
from ..forms import SurveyForm
from ..models import SatisfactionResponse


@consent_required
def learning(request):
    family = family_of(user=request.user)
    if family is None:
        return render(request, "accounts/learning_no_family.html")
    children = selectors.children_of(family=family)
    progress = hours.current_progress(family=family)
    return render(
        request,
        "accounts/learning.html",
        {
            "family": family,
            "children": children,
            "progress": progress,
            "in_progress": hours.lessons_in_progress(user=request.user),
            "completed": (
                hours.lessons_completed(family=family, school_year=progress.school_year)
                if progress
                else []
            ),
            "broadcasts": selectors.broadcasts_for(children=children),
            "recommended": selectors.recommended_courses(children=children),
            "activities": selectors.upcoming_activities_for(children=children),
        },
    )


@require_http_methods(["GET", "POST"])
@consent_required
def survey(request, course_id: int):
    """The short satisfaction survey (满意度测评) after a course."""
    family = family_of(user=request.user)
    if family is None:
        raise Http404
    course = get_object_or_404(live_courses(), pk=course_id)
    answered = SatisfactionResponse.objects.filter(family=family, course=course).first()
    credited = selectors.course_credited(family=family, course=course)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and credited and answered is None and form.is_valid():
        try:
            services.satisfaction_submit(
                family=family, course=course, user=request.user, **form.cleaned_data
            )
        except AccountError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you for your feedback!"))
            return redirect("accounts:learning")
    return render(
        request,
        "accounts/survey.html",
        {"course": course, "form": form, "answered": answered, "credited": credited},
    )
