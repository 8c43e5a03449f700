"""Attendance from a spreadsheet: a teacher uploads an .xlsx whose first row has a
家庭编号 (family number) column listing the families present. The whole file is checked
before anything is recorded: one bad row and nothing counts, with every problem named."""

from zipfile import BadZipFile

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from families.models import Family

MAX_ROWS = 5000
MAX_ERRORS = 20
CODE_HEADERS = {"家庭编号", "family number"}


def _code_column(header) -> int | None:
    for index, value in enumerate(header or ()):
        if value is not None and str(value).strip().lower() in CODE_HEADERS:
            return index
    return None


def parse_roster(*, upload, allowed: dict[str, Family]) -> tuple[list[Family], list[str]]:
    """The families the sheet lists, or the reasons it cannot be used (then no families)."""
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError):
        return [], [_("The file is not an Excel workbook (.xlsx).")]
    rows = workbook.active.iter_rows(values_only=True)
    column = _code_column(next(rows, None))
    if column is None:
        return [], [_("The first row must have a column named 家庭编号 (family number).")]
    families, errors = {}, []
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            return [], [_("The sheet has more than %(n)d rows.") % {"n": MAX_ROWS}]
        value = row[column] if column < len(row) else None
        code = str(value).strip() if value is not None else ""
        if not code:
            continue
        if code not in allowed:
            errors.append(
                _("Row %(row)d: family %(code)s is not on this activity's roster.")
                % {"row": number, "code": code}
            )
        else:
            families[code] = allowed[code]
    if not families and not errors:
        errors.append(_("The sheet lists no family numbers."))
    return ([], errors[:MAX_ERRORS]) if errors else (list(families.values()), [])
