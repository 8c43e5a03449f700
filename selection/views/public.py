"""The public results page of a published round."""

from django.shortcuts import get_object_or_404, render

from .. import selectors
from ..models import SelectionRound


def results(request, pk: int):
    round = get_object_or_404(
        SelectionRound.objects.select_related("region"),
        pk=pk,
        status=SelectionRound.Status.PUBLISHED,
    )
    results = [r for r in selectors.results_of(round=round) if r.rank is not None]
    return render(
        request,
        "selection/results.html",
        {"round": round, "results": results, "winners": [r for r in results if r.award]},
    )


def index(request):
    rounds = SelectionRound.objects.filter(status=SelectionRound.Status.PUBLISHED)
    return render(request, "selection/index.html", {"rounds": rounds.select_related("region")})
