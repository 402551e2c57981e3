"""Turn a sheet's raw rows into typed rows, with the cell-level problems of each row.

For every template column present on the sheet, a cell is: refused when it holds a formula,
trimmed of hidden spaces (with a ``cell-whitespace`` warning), searched for control and invisible
characters (:mod:`bulk.checks.formula_like`), checked for a required value,
and read by its column kind's reader (:mod:`bulk.checks.registry`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, NamedTuple

from bulk.checks.base import CellReader
from bulk.checks.formula_like import hidden_characters
from bulk.checks.registry import reader_for
from bulk.checks.text import clean_text
from bulk.rules.repairs import trimmed
from bulk.rules.violations import Violation
from bulk.schema import Column, Kind, Sheet
from bulk.workbook.cells import Formula
from bulk.workbook.headers import HeaderMap
from bulk.workbook.rawrow import RawRow
from bulk.workbook.rows import ROW_TYPES, TypedRow

_BLANK_DEFAULTS: dict[str, Any] = {"action": "create", "channel": "api"}
SHARED_KEYS = frozenset(
    {
        *("action", "customer_external_id", "location_name", "first_name", "package"),
        *("extension", "address_line1", "address_line2", "city", "state", "postal_code"),
        *("country", "language", "timezone", "channel", "contact_name"),
    }
)
"""Columns whose values repeat a lot: each distinct value is kept once."""


@dataclass(frozen=True, slots=True)
class CellProblem:
    """A problem of one cell: the violation and the zero-based column it is in."""

    violation: Violation
    column: int
    value: Any


def _blank(column: Column) -> Any:
    if column.key in _BLANK_DEFAULTS:
        return _BLANK_DEFAULTS[column.key]
    if column.kind is Kind.PACKAGES:
        return ()
    if column.kind is Kind.DATE or column.key == "network_check_done":
        return None
    return ""


class SheetPlan:
    """How to read the rows of one sheet, given where its headers are.

    Rows are read a chunk at a time, column by column, and every cell goes through the one
    cell path (:meth:`_cell`): there is no faster reading of "clean-looking" values beside it.
    """

    def __init__(self, sheet: Sheet, headers: HeaderMap) -> None:
        self.sheet = sheet
        self.headers = headers
        self.row_type = ROW_TYPES[sheet.name]
        slots = [f.name for f in dataclasses.fields(self.row_type)]
        blank = {c.key: _blank(c) for c in sheet.columns}
        self.defaults: list[Any] = [blank.get(name, 0) for name in slots]
        self.shared: dict[str, str] = {}
        """One copy of each value of a column whose values repeat (memory, for 1M rows)."""
        self.fields: list[_Field] = []
        for c in sheet.columns:
            index = headers.index(c.key)
            if index is not None:
                reader = reader_for(sheet.name, c.key, c.kind)
                field = _Field(slots.index(c.key), index, c, reader, c.key in SHARED_KEYS)
                self.fields.append(field)

    def build(self, raw: RawRow) -> tuple[TypedRow, list[CellProblem]] | None:
        """One row: the typed row and its cell problems, or ``None`` for a blank row."""
        return self.build_many([raw])[0]

    def build_many(self, raws: list[RawRow]) -> list[tuple[TypedRow, list[CellProblem]] | None]:
        """Typed rows and cell problems for a chunk of rows; ``None`` for each blank row
        (every template column empty or only spaces)."""
        count = len(raws)
        columns = _columns([r.values for r in raws])
        width = len(columns)
        slots = [[value] * count for value in self.defaults]
        slots[0] = [r.number for r in raws]
        problems: dict[int, list[CellProblem]] = {}
        filled: set[int] = set()
        for field in self.fields:
            column = columns[field.position] if field.position < width else ("",) * count
            target = slots[field.slot]
            default = self.defaults[field.slot]
            for j, raw in enumerate(column):
                value, present = self._cell(raw, field, problems, j)
                target[j] = default if value is _ABSENT else value
                if present:
                    filled.add(j)
        typed: list[TypedRow] = list(map(self.row_type, *slots))
        return [(row, problems.get(j, [])) if j in filled else None for j, row in enumerate(typed)]

    def _cell(
        self, value: Any, field: _Field, problems: dict[int, list[CellProblem]], j: int
    ) -> tuple[Any, bool]:
        """The full path for one cell: its value (or ``_ABSENT``) and whether it held anything."""
        column, index = field.column, field.position
        if value.__class__ is str:
            if value == "" or not value.isprintable() or value[0] == " " or value[-1] == " ":
                value = self._clean(value, column, index, problems, j) if value else ""
                if value == "":
                    if column.required:
                        problems.setdefault(j, []).append(CellProblem(_required(column), index, ""))
                    return _ABSENT, False
        elif value is None:
            if column.required:
                problems.setdefault(j, []).append(CellProblem(_required(column), index, ""))
            return _ABSENT, False
        elif isinstance(value, Formula):
            violation = Violation.of(
                "cell-formula", column.key, column=column.header, value=value.text
            )
            problems.setdefault(j, []).append(CellProblem(violation, index, value.text))
            return _ABSENT, True
        found: list[Violation] = []
        result = field.reader(value, column, found)
        if field.share and result.__class__ is str:
            result = self.shared.setdefault(result, result)
        if found:
            problems.setdefault(j, []).extend(CellProblem(v, index, value) for v in found)
        else:
            _offer_trim(problems.get(j), index)
        return result, True

    @staticmethod
    def _clean(
        value: str, column: Column, index: int, problems: dict[int, list[CellProblem]], j: int
    ) -> str:
        hidden = hidden_characters(value, column)
        if hidden:
            problems.setdefault(j, []).extend(CellProblem(v, index, value) for v in hidden)
        text, what = clean_text(value)
        if what is not None and text:
            violation = Violation.of(
                "cell-whitespace", column.key, column=column.header, what=what, value=text
            )
            problems.setdefault(j, []).append(CellProblem(violation, index, value))
        return text


_ABSENT = object()


def _offer_trim(problems: list[CellProblem] | None, index: int) -> None:
    """Offer the trimmed value as the fix of the cell's hidden-spaces warning, once its reader
    found nothing else wrong with it (trimming alone then makes the cell right)."""
    if not problems:
        return
    last = problems[-1]
    if last.column == index and last.violation.code == "cell-whitespace":
        params = last.violation.params
        fix = trimmed(str(params["value"]), str(params["what"]))
        problems[-1] = dataclasses.replace(last, violation=last.violation.repaired(fix))


def _columns(rows: list[list[Any]]) -> list[tuple[Any, ...]]:
    """The chunk's columns; short rows (from the careful reader) are padded with blanks."""
    width = max(map(len, rows), default=0)
    if any(len(r) != width for r in rows):
        rows = [r + [""] * (width - len(r)) for r in rows]
    return list(zip(*rows, strict=True)) if width else []


class _Field(NamedTuple):
    slot: int
    position: int
    column: Column
    reader: CellReader
    share: bool


def _required(column: Column) -> Violation:
    return Violation.of("cell-required", column.key, column=column.header, value="")
