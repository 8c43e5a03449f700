"""Check every row of a roster table and say, in the user's language, what is wrong.

A row that passes becomes a `RosterRow` with clean values; one that fails keeps its texts
and its error messages, so the preview can list every row with what to fix.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from schools.models import SchoolClass

from ..models import Child, Guardian
from .columns import COLUMNS

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PHONE = re.compile(r"1[3-9]\d{9}")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")
GENDERS = {"男": Child.Gender.MALE, "女": Child.Gender.FEMALE}
RELATION_ALIASES = {
    "父亲": Guardian.Relation.FATHER,
    "爸爸": Guardian.Relation.FATHER,
    "母亲": Guardian.Relation.MOTHER,
    "妈妈": Guardian.Relation.MOTHER,
    "祖父": Guardian.Relation.GRANDFATHER,
    "外祖父": Guardian.Relation.GRANDFATHER,
    "爷爷": Guardian.Relation.GRANDFATHER,
    "外公": Guardian.Relation.GRANDFATHER,
    "祖母": Guardian.Relation.GRANDMOTHER,
    "外祖母": Guardian.Relation.GRANDMOTHER,
    "奶奶": Guardian.Relation.GRANDMOTHER,
    "外婆": Guardian.Relation.GRANDMOTHER,
    "其他": Guardian.Relation.OTHER,
}
OLDEST_BIRTH_YEAR = 1995


class HeaderError(Exception):
    """The header row lacks columns; the message is for the user."""


@dataclass
class RosterRow:
    number: int  # the row number the user sees in Excel
    cells: dict[str, str]
    errors: list[str] = field(default_factory=list)
    school_class: SchoolClass | None = None
    gender: str = ""
    birth_date: datetime.date | None = None
    relation: str = ""
    phone: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def child_key(self) -> tuple[int, str]:
        return (self.school_class.pk, self.cells["child_name"])


def check_table(
    *, table: list[list[str]], classes: list[SchoolClass], default_class: SchoolClass | None
) -> list[RosterRow]:
    """Check each data row of `table` against the classes it may name."""
    positions = _header_positions(table[0])
    lookup = {class_key(str(c)): c for c in classes}
    rows = []
    for offset, raw in enumerate(table[1:], start=2):
        cells = {key: _cell(raw, i) for key, i in positions.items()}
        row = RosterRow(number=offset, cells=cells)
        _check_row(row, lookup=lookup, default_class=default_class)
        rows.append(row)
    _check_duplicates(rows)
    return rows


def _cell(raw: list[str], position: int | None) -> str:
    # An optional column may be absent (a class roster needs no 班级 column).
    return raw[position] if position is not None and position < len(raw) else ""


def class_key(label: str) -> str:
    """三年级（1）班, 三年级(1)班 and 三年级1班 all name the same class."""
    return re.sub(r"[\s()（）]", "", label)


def _header_positions(header: list[str]) -> dict[str, int]:
    found = {cell.strip(): i for i, cell in enumerate(header)}
    missing = [c.header for c in COLUMNS if c.required and c.header not in found]
    if missing:
        raise HeaderError(
            _(
                "The header row lacks the columns %(missing)s. Download the template and copy "
                "your rows into it."
            )
            % {"missing": "、".join(missing)}
        )
    return {column.key: found.get(column.header) for column in COLUMNS}


def _check_row(row: RosterRow, *, lookup: dict, default_class: SchoolClass | None) -> None:
    cells = row.cells
    for column in COLUMNS:
        value = cells[column.key]
        if column.key != "phone" and value.startswith(FORMULA_PREFIXES):
            row.errors.append(
                _("“%(header)s” starts with “%(char)s”, which spreadsheets run as a formula.")
                % {"header": column.header, "char": value[0]}
            )
        elif column.required and not value:
            row.errors.append(_("“%(header)s” is empty.") % {"header": column.header})
        elif len(value) > column.max_length:
            row.errors.append(
                _("“%(header)s” is longer than %(max)d characters.")
                % {"header": column.header, "max": column.max_length}
            )
    if row.errors:
        return
    _check_class(row, lookup, default_class)
    _check_values(row)


def _check_class(row: RosterRow, lookup: dict, default_class: SchoolClass | None) -> None:
    name = row.cells["class_name"]
    if not name and default_class is not None:
        row.school_class = default_class
        return
    row.school_class = lookup.get(class_key(name))
    if row.school_class is None:
        row.errors.append(
            _("There is no class “%(name)s” here; write it as on the class list, e.g. %(example)s.")
            % {"name": name, "example": next(iter(_class_examples(lookup)), "三年级（1）班")}
        )


def _class_examples(lookup: dict):
    return (str(c) for c in lookup.values())


def _check_values(row: RosterRow) -> None:
    cells = row.cells
    row.gender = GENDERS.get(cells["gender"], "")
    if not row.gender:
        row.errors.append(
            _("Gender must be 男 or 女, not “%(value)s”.") % {"value": cells["gender"]}
        )
    row.birth_date = parse_date(cells["birth_date"])
    if row.birth_date is None:
        row.errors.append(
            _("“%(value)s” is not a date of birth; write it like 2017-09-01.")
            % {"value": cells["birth_date"]}
        )
    row.relation = relation_of(cells["relation"])
    if not row.relation:
        row.errors.append(
            _("Unknown relation “%(value)s”; use 父亲, 母亲, 祖父, 祖母, 外公, 外婆 or 其他.")
            % {"value": cells["relation"]}
        )
    if cells["phone"]:
        row.phone = normalise_phone(cells["phone"])
        if not PHONE.fullmatch(row.phone):
            row.errors.append(
                _("“%(value)s” is not a mobile number (11 digits starting with 1).")
                % {"value": cells["phone"]}
            )


def parse_date(text: str) -> datetime.date | None:
    for pattern in DATE_FORMATS:
        try:
            value = datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if value.year >= OLDEST_BIRTH_YEAR and value <= timezone.localdate():
            return value
        return None
    return None


def relation_of(text: str) -> str:
    labels = {str(label): value for value, label in Guardian.Relation.choices}
    return RELATION_ALIASES.get(text) or labels.get(text, "")


def normalise_phone(text: str) -> str:
    digits = re.sub(r"[\s-]", "", text)
    if digits.startswith("+86"):
        digits = digits[3:]
    return digits


def _check_duplicates(rows: list[RosterRow]) -> None:
    seen: dict[tuple, int] = {}
    children: dict[tuple, RosterRow] = {}
    for row in rows:
        if not row.ok:
            continue
        key = (*row.child_key, row.phone or row.cells["guardian_name"])
        if key in seen:
            row.errors.append(_("Same child and guardian as row %(row)d.") % {"row": seen[key]})
            continue
        seen[key] = row.number
        first = children.setdefault(row.child_key, row)
        if (first.gender, first.birth_date) != (row.gender, row.birth_date):
            row.errors.append(
                _("Row %(row)d gives this child another gender or date of birth.")
                % {"row": first.number}
            )
