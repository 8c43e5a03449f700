"""Turn an uploaded xlsx or csv file into a table of strings, or say why it cannot be read.

CSV files from Excel in China come as GBK (GB18030 covers it) or as UTF-8 with a byte-order
mark; both are accepted. Workbooks are opened read-only, which streams rows instead of
building the whole sheet, and reading stops one row past the limit.
"""

import csv
import datetime
import io
import zipfile

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from .columns import MAX_BYTES, MAX_ROWS

CSV_ENCODINGS = ("utf-8-sig", "gb18030")


class RosterFileError(Exception):
    """The file as a whole cannot be used; the message is for the user."""


def read_table(*, name: str, data: bytes) -> list[list[str]]:
    """Rows of cell texts, header first, blank rows dropped."""
    if len(data) > MAX_BYTES:
        raise RosterFileError(
            _("The file is larger than %(size)d MB; split it into several files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise RosterFileError(_("The file is empty."))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "xlsx":
        rows = _xlsx_rows(data)
    elif extension == "csv":
        rows = _csv_rows(data)
    elif extension == "xls":
        raise RosterFileError(
            _("Old Excel files (.xls) are not supported: save it as .xlsx or .csv in Excel.")
        )
    else:
        raise RosterFileError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    table = []
    for row in rows:
        if any(cell for cell in row):
            table.append(row)
        if len(table) > MAX_ROWS + 1:
            raise RosterFileError(
                _("The file has more than %(rows)d rows; split it into several files.")
                % {"rows": MAX_ROWS}
            )
    if len(table) < 2:
        raise RosterFileError(_("The file has no rows of data below the header."))
    return table


def _xlsx_rows(data: bytes):
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise RosterFileError(
            _(
                "This file is not a valid Excel workbook (.xlsx); open it in Excel and save "
                "it again."
            )
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in row]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(data: bytes):
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterFileError(
            _("The text of this CSV file cannot be read: save it as UTF-8 or GBK.")
        )
    if "\x00" in text:
        raise RosterFileError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            yield [cell.strip() for cell in row]
    except csv.Error:
        raise RosterFileError(_("This CSV file is malformed: check its quotes.")) from None
