"""Excel exports: start one for a scope the viewer may read, watch its progress, and
download the file (only its requester may)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from .. import scope, services
from ..models import ExportJob, SchoolYear


def _may_export(user, level: str, target_id: int) -> bool:
    if level == "region":
        return scope.report_regions(user=user).filter(pk=target_id).exists()
    if level == "school":
        return scope.report_schools(user=user).filter(pk=target_id).exists()
    if level == "class":
        return scope.report_classes(user=user).filter(pk=target_id).exists()
    return False


@login_required
@require_POST
def export_start(request: HttpRequest):
    level = request.POST.get("level", "")
    target, year = request.POST.get("target", ""), request.POST.get("year", "")
    if not (target.isdigit() and year.isdigit()) or not _may_export(
        request.user, level, int(target)
    ):
        raise Http404
    school_year = get_object_or_404(SchoolYear, pk=year)
    job = services.export_request(
        user=request.user, level=level, target_id=int(target), school_year=school_year
    )
    return redirect("attendance:export_status", job_id=job.pk)


def _own_job(request: HttpRequest, job_id) -> ExportJob:
    return get_object_or_404(ExportJob, pk=job_id, user=request.user)


@login_required
def export_status(request: HttpRequest, job_id):
    job = _own_job(request, job_id)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"status": job.status, "percent": job.percent})
    return TemplateResponse(request, "attendance/export.html", {"job": job})


@login_required
def export_download(request: HttpRequest, job_id):
    job = _own_job(request, job_id)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=f"family-hours-{job.created_at:%Y%m%d-%H%M}.xlsx",
    )
