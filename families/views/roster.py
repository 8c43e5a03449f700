"""Roster import (upload → preview → confirm), the template file, and export.

Between preview and confirm the checked table travels in a signed, compressed form field
rather than a temporary file or table: nothing about the import is stored until the user
confirms, the server keeps no state to clean up, and a tampered or stale form is refused.
Confirm checks every row again against the database as it is then, so a class deleted in
the meantime stops the import instead of half-applying it.
"""

from django.contrib import messages
from django.core import signing
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schools.models import SchoolClass

from ..forms import ExportForm, RosterUploadForm
from ..models import SpecialGroupAccess
from ..permissions import can_see_special_groups
from ..roster.columns import HEADERS, MAX_BYTES
from ..roster.plan import plan_rows
from ..roster.reader import RosterFileError, read_table
from ..roster.rows import HeaderError, check_table
from ..roster.sync import SyncPlan, plan_sync
from ..roster.table import roster_table
from ..roster.targets import resolve_target, target_choices
from ..roster.writer import CSV_TYPE, XLSX_TYPE, write_csv, write_xlsx
from ..selectors import (
    admin_schools,
    children_in_scope,
    editable_classes,
    family_classes_in_scope,
    whole_schools_in_scope,
)
from ..services import roster_apply, special_groups_access_log
from .family import FamiliesView

SIGNING_SALT = "families.roster-import"
PREVIEW_MAX_AGE = 60 * 60


class ImportScopeMixin:
    @cached_property
    def editable(self) -> QuerySet[SchoolClass]:
        """The classes whose rosters the user may change, worked out once per request
        (each use below would otherwise look up the user's memberships again)."""
        return editable_classes(user=self.request.user)

    def import_scope(self) -> dict:
        return {"classes": self.editable, "whole_schools": admin_schools(user=self.request.user)}

    def sync_plan(self, rows, plans, target) -> SyncPlan:
        return plan_sync(rows=rows, plans=plans, target=target, editable=self.editable)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.editable.exists():
            return self.forbidden()
        return super().dispatch(request, *args, **kwargs)

    def forbidden(self):
        messages.error(self.request, _("You head no class and administer no school."))
        return redirect("families:index")


class RosterImportView(ImportScopeMixin, FamiliesView):
    template_name = "families/import.html"
    page_title = gettext_lazy("Import a roster")

    def upload_form(self, data=None, files=None) -> RosterUploadForm:
        return RosterUploadForm(data, files, targets=target_choices(**self.import_scope()))

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.upload_form()))

    def post(self, request, *args, **kwargs):
        form = self.upload_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        target = resolve_target(form.cleaned_data["target"], **self.import_scope())
        upload = form.cleaned_data["file"]
        try:
            # One byte past the limit is enough for the reader to say the file is too large.
            table = read_table(name=upload.name, data=upload.read(MAX_BYTES + 1))
            rows = check_table(
                table=table, classes=target.classes, default_class=target.default_class
            )
        except (RosterFileError, HeaderError) as error:
            form.add_error("file", str(error))
            return self.render_to_response(self.get_context_data(form=form))
        plans = plan_rows(rows, movable=self.editable)
        sync = self.sync_plan(rows, plans, target) if form.cleaned_data["sync"] else None
        context = {"form": form, "preview": preview_context(rows, plans, sync)}
        if all(row.ok for row in rows) and not (sync and sync.refusal):
            context["token"] = signing.dumps(
                {
                    "user": request.user.pk,
                    "target": target.value,
                    "table": table,
                    # The children the user is shown: confirm moves out no one else.
                    "leavers": sync.leaver_ids if sync else None,
                },
                salt=SIGNING_SALT,
                compress=True,
            )
        return self.render_to_response(self.get_context_data(**context))


def preview_context(rows, plans, sync: SyncPlan | None) -> dict:
    by_row = {plan.row.number: plan for plan in plans}
    bad = [row for row in rows if not row.ok]
    return {
        "rows": [(row, by_row.get(row.number)) for row in rows],
        "headers": HEADERS,
        "bad_count": len(bad),
        "good_count": len(rows) - len(bad),
        "new_families": len({p.new_family for p in plans if p.new_family}),
        "sync": sync,
    }


class RosterConfirmView(ImportScopeMixin, FamiliesView):
    template_name = "families/import.html"
    page_title = gettext_lazy("Import a roster")
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            payload = signing.loads(
                request.POST.get("token", ""), salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE
            )
        except signing.BadSignature:
            messages.error(request, _("This preview has expired; upload the file again."))
            return redirect("families:import")
        target = resolve_target(payload["target"], **self.import_scope())
        if payload["user"] != request.user.pk or target is None:
            raise Http404
        try:
            rows = check_table(
                table=payload["table"], classes=target.classes, default_class=target.default_class
            )
        except HeaderError as error:
            messages.error(request, str(error))
            return redirect("families:import")
        plans = plan_rows(rows, movable=self.editable)
        if not all(row.ok for row in rows):
            messages.error(
                request,
                _(
                    "Some rows are no longer valid, so nothing was imported. Upload the file again "
                    "to see why."
                ),
            )
            return redirect("families:import")
        result = roster_apply(
            plans=plans,
            move_out=self.move_out(payload.get("leavers"), rows, plans, target),
            classes=self.editable,
            user=request.user,
        )
        messages.success(
            request,
            _(
                "Imported %(rows)d rows: %(families)d new families, %(new)d new and %(updated)d "
                "updated children."
            )
            % {
                "rows": len(rows),
                "families": result.families_created,
                "new": result.children_created,
                "updated": result.children_updated,
            },
        )
        if payload.get("leavers") is not None:
            messages.success(
                request,
                _("Moved %(count)d children out of their class; their families and hours are kept.")
                % {"count": result.children_moved_out},
            )
        return redirect("families:index")

    def move_out(self, previewed: list[int] | None, rows, plans, target) -> set[int]:
        """The children to move out: those the preview showed that still leave now (a child
        added to the class since the preview was not shown, so stays)."""
        if previewed is None:
            return set()
        return set(previewed) & set(self.sync_plan(rows, plans, target).leaver_ids)


class RosterTemplateView(FamiliesView):
    """An empty roster with one example row, as a workbook."""

    def get(self, request, *args, **kwargs):
        example = ["三年级（1）班", "李思远", "男", "2017-09-01", "李建国", "父亲", "13800138000"]
        data = write_xlsx(header=HEADERS, rows=[example], title="花名册")
        return _download(data, XLSX_TYPE, "roster-template.xlsx")


class RosterExportView(FamiliesView):
    template_name = "families/export.html"
    page_title = gettext_lazy("Export a roster")

    def scope(self) -> dict:
        user = self.request.user
        return {
            "classes": family_classes_in_scope(user=user),
            "whole_schools": whole_schools_in_scope(user=user),
        }

    def get(self, request, *args, **kwargs):
        form = ExportForm(request.GET or None, targets=target_choices(**self.scope()))
        if not form.is_bound or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        children = children_in_scope(user=request.user).filter(
            school_class__in=self.scope()["classes"]
        )
        if form.cleaned_data["target"]:
            target = resolve_target(form.cleaned_data["target"], **self.scope())
            children = children.filter(school_class__in=target.classes)
        return self.export(children, form.cleaned_data["format"])

    def export(self, children, file_format: str) -> HttpResponse:
        flags = can_see_special_groups(self.request.user)
        header, rows = roster_table(children=children, special_groups=flags)
        if flags:
            special_groups_access_log(
                user=self.request.user,
                where=SpecialGroupAccess.Where.EXPORT,
                path=self.request.get_full_path(),
                children=children,
            )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if file_format == "csv":
            return _download(write_csv(header=header, rows=rows), CSV_TYPE, f"roster-{stamp}.csv")
        data = write_xlsx(header=header, rows=rows, title="花名册")
        return _download(data, XLSX_TYPE, f"roster-{stamp}.xlsx")


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
