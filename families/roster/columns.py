"""The roster's columns. Headers are part of the file format, so they are fixed Chinese
words whatever the interface language, as schools already name them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = True
    max_length: int = 32


COLUMNS = [
    Column("class_name", "班级", required=False),
    Column("child_name", "学生姓名"),
    Column("gender", "性别"),
    Column("birth_date", "出生日期"),
    Column("guardian_name", "家长姓名"),
    Column("relation", "关系"),
    Column("phone", "手机号", required=False),
]
HEADERS = [column.header for column in COLUMNS]
# Exported only to people allowed to see it; ignored on import.
SPECIAL_GROUPS_HEADER = "特殊群体"

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
