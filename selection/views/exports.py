"""xlsx downloads: the organiser gets everything, a school admin their school's nominations."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from .. import exports, selectors
from .access import round_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export(request, pk: int, kind: str):
    round, roles = round_for(request, pk)
    if kind == "nominations":
        if roles.organiser:
            nominations = round.nominations.all()
        elif roles.nominator:
            nominations = selectors.nominations_for_school_admin(user=request.user, round=round)
        else:
            raise PermissionDenied
        data = exports.nominations_xlsx(
            nominations=list(nominations.select_related("school", "revision"))
        )
    elif kind in ("scores", "results"):
        if not roles.organiser:
            raise PermissionDenied
        build = exports.scores_xlsx if kind == "scores" else exports.results_xlsx
        data = build(round=round)
    else:
        raise Http404
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="selection-{round.pk}-{kind}.xlsx"'
    return response
