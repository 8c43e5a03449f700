"""The hours pages: a family's own progress, a class's families (furthest behind first),
and the school, district and city dashboards with drill-down, each limited to the
viewer's scope."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from accounts.access import consent_required
from accounts.selectors import children_of, satisfaction_by_school, upcoming_activities_for
from families.models import Family
from families.selectors import family_of
from schools.models import Region

from .. import reporting, scope, selectors
from ..models import SchoolYear
from .families import family_context


@consent_required  # a guardian who withdrew consent sees no child data until given again
def my_hours(request: HttpRequest) -> TemplateResponse:
    family = family_of(user=request.user)
    if family is None:
        return TemplateResponse(request, "attendance/my_hours.html", {}, status=403)
    context = family_context(family=family, user=request.user)
    context["activities"] = upcoming_activities_for(children=children_of(family=family), limit=5)
    context["in_progress"] = selectors.lessons_in_progress(user=request.user)
    return TemplateResponse(request, "attendance/my_hours.html", context)


def school_year_for(request: HttpRequest, region: Region) -> SchoolYear:
    """The year chosen with ?year=, else the current one of the region (its own, else its
    city's)."""
    years = selectors.school_years_for(region)
    chosen = request.GET.get("year", "")
    year = (
        years.filter(pk=chosen).first()
        if chosen.isdigit()
        else selectors.school_year_on(region=region)
    )
    if year is None:
        year = years.order_by("-starts_on").first()
    if year is None:
        raise Http404("no school year")
    return year


def _render(request, template: str, *, region: Region, **context) -> TemplateResponse:
    context["years"] = selectors.school_years_for(region)
    return TemplateResponse(request, f"attendance/{template}", context)


@login_required
def reports_home(request: HttpRequest):
    """Send each viewer to the widest report their scope allows."""
    regions = scope.report_regions(user=request.user)
    top = regions.exclude(parent__in=regions).first()
    if top is not None:
        return redirect("attendance:region_report", region_id=top.pk)
    school = scope.report_schools(user=request.user).first()
    if school is not None:
        return redirect("attendance:school_report", school_id=school.pk)
    school_class = scope.report_classes(user=request.user).first()
    if school_class is not None:
        return redirect("attendance:class_report", class_id=school_class.pk)
    raise Http404


@login_required
def region_report(request: HttpRequest, region_id: int) -> TemplateResponse:
    region = get_object_or_404(scope.report_regions(user=request.user), pk=region_id)
    year = school_year_for(request, region)
    if region.kind == Region.Kind.CITY:
        children = {r.pk: r for r in region.children.all()}
        ids, group_by, link = list(children), "district", "attendance:region_report"
    else:
        children = {s.pk: s for s in region.schools.all()}
        ids, group_by, link = [region.pk], "school", "attendance:school_report"
    rows, total = reporting.dashboard(
        school_year=year, group_by=group_by, filter_by="region", ids=ids
    )
    return _render(
        request,
        "dashboard.html",
        region=region,
        title=region.name,
        parent_link=_parent_link(request, region),
        school_year=year,
        rows=_named(rows, children),
        total=total,
        link=link,
        export=("region", region.pk),
    )


def _parent_link(request: HttpRequest, region: Region) -> Region | None:
    parent = region.parent
    if parent and scope.report_regions(user=request.user).filter(pk=parent.pk).exists():
        return parent
    return None


def _named(rows, objects: dict) -> list:
    for row in rows:
        row.name = str(objects.get(row.group_id, row.group_id))
    return sorted(rows, key=lambda r: r.name)


@login_required
def school_report(request: HttpRequest, school_id: int) -> TemplateResponse:
    school = get_object_or_404(scope.report_schools(user=request.user), pk=school_id)
    year = school_year_for(request, school.region)
    classes = {c.pk: c for c in school.classes.all()}
    rows, total = reporting.dashboard(
        school_year=year, group_by="class", filter_by="school", ids=[school.pk]
    )
    district = school.region
    in_scope = scope.report_regions(user=request.user).filter(pk=district.pk).exists()
    return _render(
        request,
        "dashboard.html",
        region=district,
        title=school.name,
        parent_link=district if in_scope else None,
        school_year=year,
        rows=_named(rows, classes),
        total=total,
        link="attendance:class_report",
        export=("school", school.pk),
        satisfaction=satisfaction_by_school(schools=[school])[0],
    )


@login_required
def class_report(request: HttpRequest, class_id: int) -> TemplateResponse:
    school_class = get_object_or_404(
        scope.report_classes(user=request.user).select_related("school__region"), pk=class_id
    )
    school = school_class.school
    year = school_year_for(request, school.region)
    families = Family.objects.filter(children__school_class=school_class).distinct()
    rows = reporting.family_progress_rows(
        school_year=year,
        families=list(families.prefetch_related("guardians", "children")),
        region=school.region,
    )
    may_see_school = scope.report_schools(user=request.user).filter(pk=school.pk).exists()
    return _render(
        request,
        "class_report.html",
        region=school.region,
        school_class=school_class,
        school=school,
        school_link=may_see_school,
        school_year=year,
        rows=rows,
        behind=sum(1 for _family, progress in rows if not progress.compliant),
        export=("class", school_class.pk),
    )
