"""Turn a sheet's raw rows into typed rows, with the cell-level problems of each row.

For every template column present on the sheet, a cell is: refused when it holds a formula,
trimmed of hidden spaces (with a ``cell-whitespace`` warning), checked for a required value,
and read by its column kind's reader (:mod:`bulk.checks.registry`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, NamedTuple

from bulk.checks.base import CellReader
from bulk.checks.registry import reader_for
from bulk.checks.text import clean_text, read_text
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
    """How to read the rows of one sheet, given where its headers are."""

    def __init__(self, sheet: Sheet, headers: HeaderMap) -> None:
        self.sheet = sheet
        self.headers = headers
        self.row_type = ROW_TYPES[sheet.name]
        slots = [f.name for f in dataclasses.fields(self.row_type)]
        blank = {c.key: _blank(c) for c in sheet.columns}
        self.defaults: list[Any] = [blank.get(name, 0) for name in slots]
        self.shared: dict[str, str] = {}
        """One copy of each value of a column whose values repeat (memory, for 1M rows)."""
        self.fields: list[_Field] = [
            _Field(
                slots.index(c.key),
                index,
                c,
                reader_for(sheet.name, c.key, c.kind),
                -1 if c.forbidden else (c.max_length or 1 << 30),
                c.key in SHARED_KEYS,
            )
            for c in sheet.columns
            if (index := headers.index(c.key)) is not None
        ]

    def build(self, raw: RawRow) -> tuple[TypedRow, list[CellProblem]] | None:
        """The typed row and its cell problems, or ``None`` when every template column of the
        row is empty (or only spaces): blank rows are skipped."""
        values = raw.values
        width = len(values)
        data = self.defaults.copy()
        data[0] = raw.number
        problems: list[CellProblem] = []
        found: list[Violation] = []
        filled = False
        shared = self.shared
        for slot, index, column, reader, limit, share in self.fields:
            value = values[index] if index < width else ""
            if value.__class__ is str:
                if value == "" or not value.isprintable() or value[0] == " " or value[-1] == " ":
                    value = self._clean(value, column, index, problems) if value else ""
                    if value == "":
                        if column.required:
                            problems.append(CellProblem(_required(column), index, ""))
                        continue
                filled = True
                if reader is read_text and len(value) <= limit:
                    data[slot] = shared.setdefault(value, value) if share else value
                    continue
            elif value is None:
                if column.required:
                    problems.append(CellProblem(_required(column), index, ""))
                continue
            elif isinstance(value, Formula):
                filled = True
                violation = Violation.of(
                    "cell-formula", column.key, column=column.header, value=value.text
                )
                problems.append(CellProblem(violation, index, value.text))
                continue
            filled = True
            result = reader(value, column, found)
            if share and result.__class__ is str:
                result = shared.setdefault(result, result)
            data[slot] = result
            if found:
                problems.extend(CellProblem(v, index, value) for v in found)
                found = []
        if not filled:
            return None
        return self.row_type(*data), problems

    @staticmethod
    def _clean(value: str, column: Column, index: int, problems: list[CellProblem]) -> str:
        text, what = clean_text(value)
        if what is not None and text:
            violation = Violation.of(
                "cell-whitespace", column.key, column=column.header, what=what, value=text
            )
            problems.append(CellProblem(violation, index, value))
        return text


class _Field(NamedTuple):
    slot: int
    position: int
    column: Column
    reader: CellReader
    limit: int
    share: bool


def _required(column: Column) -> Violation:
    return Violation.of("cell-required", column.key, column=column.header, value="")
