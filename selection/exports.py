"""Spreadsheets (xlsx) of a round: nominations, every score, results."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from . import selectors
from .models import Nomination, SelectionRound


def _workbook(title: str, header: list[str], rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for index, _label in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    sheet.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def nominations_xlsx(*, nominations: list[Nomination]) -> bytes:
    header = [_("School"), _("Course"), _("Statement"), _("Nominated at"), _("Frozen revision")]
    rows = (
        [
            n.school.name,
            n.title,
            n.statement,
            n.created_at.replace(tzinfo=None),
            n.revision_id,
        ]
        for n in nominations
    )
    return _workbook(_("Nominations"), header, rows)


def scores_xlsx(*, round: SelectionRound) -> bytes:
    items = list(round.rubric_items.all())
    header = [_("School"), _("Course"), _("Reviewer"), _("Status")]
    header += [i.name for i in items] + [_("Comment") + f"（{i.name}）" for i in items]
    rows = []
    for sheet in selectors.all_sheets(round=round):
        scores = {s.item_id: s for s in sheet.scores.all()}
        values = [scores[i.pk].value if i.pk in scores else None for i in items]
        comments = [scores[i.pk].comment if i.pk in scores else "" for i in items]
        reviewer = sheet.assignment.reviewer
        rows.append(
            [
                sheet.nomination.school.name,
                sheet.nomination.title,
                reviewer.get_full_name() or reviewer.get_username(),
                str(sheet.get_status_display()),
                *values,
                *comments,
            ]
        )
    return _workbook(_("Scores"), header, rows)


def results_xlsx(*, round: SelectionRound) -> bytes:
    header = [_("Rank"), _("School"), _("Course"), _("Score"), _("Reviewers counted"), _("Tied")]
    header += [_("Award"), _("Decided by the organiser")]
    rows = (
        [
            r.rank,
            r.nomination.school.name,
            r.nomination.title,
            r.score,
            r.reviewer_count,
            _("Yes") if r.tied else "",
            r.award.name if r.award else "",
            _("Yes") if r.decided else "",
        ]
        for r in selectors.results_of(round=round)
    )
    return _workbook(_("Results"), header, rows)
