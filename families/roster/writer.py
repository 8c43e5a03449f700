"""Write roster rows as xlsx or csv, with cells that spreadsheets cannot run.

A cell beginning with = + - @ (or a tab or carriage return) would be taken for a formula
by Excel or WPS ("CSV injection"); such cells get a leading apostrophe, the escape both
programs show as plain text. The csv is UTF-8 with a byte-order mark, which Excel in China
opens without garbling the Chinese.
"""

import csv
import io

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def write_csv(*, header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(*, header: list[str], rows: list[list[str]], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append([neutralise(cell) for cell in row])
    _as_text(sheet, len(header))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _as_text(sheet: Worksheet, width: int) -> None:
    # Text format keeps mobile numbers and dates as typed when someone edits and re-saves.
    for column in sheet.iter_cols(min_col=1, max_col=width):
        for cell in column:
            cell.number_format = "@"
        sheet.column_dimensions[column[0].column_letter].width = 16
