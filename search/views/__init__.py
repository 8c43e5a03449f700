"""The public search page and its autocomplete endpoint."""

from django.http import HttpRequest, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from search.facets import FACETS
from search.query import search_content
from search.suggest import suggest


def _page_number(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("page", 1))
    except ValueError:
        return 1


def _zero_result_help() -> dict:
    from courses.models import CoursePage, Topic

    courses = (
        CoursePage.objects.live()
        .public()
        .order_by("-is_premium", "-first_published_at")
        .select_related("lecturer")[:6]
    )
    return {"topics": Topic.objects.all()[:12], "popular_courses": courses}


@require_GET
def search_page(request: HttpRequest) -> TemplateResponse:
    query = request.GET.get("q", "")
    filters = {name: request.GET.getlist(name) for name in FACETS}
    results = search_content(
        query=query, filters=filters, page=_page_number(request), user=request.user
    )
    context = {"results": results, "query": results.query, "facet_names": FACETS}
    if not results.total:
        context |= _zero_result_help()
    params = request.GET.copy()
    params.pop("page", None)
    context["page_params"] = params.urlencode()
    return TemplateResponse(request, "search/search.html", context)


@require_GET
def autocomplete(request: HttpRequest) -> JsonResponse:
    """Suggestions for what is typed so far, Chinese or pinyin (`jtjy` → 家庭教育)."""
    return JsonResponse({"suggestions": suggest(prefix=request.GET.get("q", ""))})
