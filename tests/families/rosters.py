"""Roster files made on the fly, as Excel and WPS users save them."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

HEADER = ["班级", "学生姓名", "性别", "出生日期", "家长姓名", "关系", "手机号"]


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, header=HEADER, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(data: bytes, name: str = "花名册.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def read_xlsx(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the byte-order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
