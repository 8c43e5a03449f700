"""Read API of families for mobile and WeChat clients: ``/api/families/`` and
``/api/families/<id>/``, JSON, signed-in users only (session cookie).

The same scope as the admin: a parent gets their own family, staff the families of their
classes, school or region, each with only the children the caller may see. Special-group
flags are never served here: they are shown only on logged admin pages and exports.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .models import Child, Family
from .selectors import children_in_scope, families_in_scope

PAGE_SIZE = 50


def _unauthorised() -> JsonResponse:
    return JsonResponse({"message": _("Sign in first.")}, status=401)


def _scoped(request: HttpRequest) -> QuerySet[Family]:
    visible = children_in_scope(user=request.user).select_related("school_class__school")
    return (
        families_in_scope(user=request.user)
        .order_by("code")
        .prefetch_related(
            "guardians", Prefetch("children", queryset=visible, to_attr="visible_children")
        )
    )


@require_GET
def family_list(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return _unauthorised()
    page = Paginator(_scoped(request), PAGE_SIZE).get_page(request.GET.get("page"))
    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "items": [family_json(family) for family in page.object_list],
        }
    )


@require_GET
def family_detail(request: HttpRequest, pk: int) -> JsonResponse:
    if not request.user.is_authenticated:
        return _unauthorised()
    return JsonResponse(family_json(get_object_or_404(_scoped(request), pk=pk)))


def family_json(family: Family) -> dict:
    return {
        "id": family.pk,
        "code": family.code,
        "name": str(family),
        "guardians": [
            {"name": g.name, "relation": g.relation, "phone": g.phone}
            for g in family.guardians.all()
        ],
        "children": [child_json(child) for child in family.visible_children],
    }


def child_json(child: Child) -> dict:
    school_class = child.school_class
    return {
        "id": child.pk,
        "name": child.name,
        "gender": child.gender,
        "birth_date": child.birth_date.isoformat(),
        "class": str(school_class) if school_class else None,
        "school": str(school_class.school) if school_class else None,
    }
