"""Match row 1 of a sheet to the template's columns (docs/design.md §4).

Headers match case-insensitively, ignoring spaces, underscores, hyphens and a trailing ``*``,
and each column's aliases are accepted too. Unknown headers are ignored with a warning; a
required column that is missing, or a column that appears twice, is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bulk.rules.violations import Violation
from bulk.schema import Sheet, fold_header
from bulk.workbook.cells import display


@dataclass(frozen=True, slots=True)
class HeaderProblem:
    """A header finding and its zero-based column (``None`` when the column is absent)."""

    violation: Violation
    column: int | None


@dataclass(slots=True)
class HeaderMap:
    """Where each template column is on a sheet."""

    sheet: Sheet
    positions: dict[str, int] = field(default_factory=dict)
    problems: list[HeaderProblem] = field(default_factory=list)

    def index(self, key: str) -> int | None:
        """The zero-based column of a template column key, or ``None`` when it is absent."""
        return self.positions.get(key)


def _lookup(sheet: Sheet) -> dict[str, str]:
    names: dict[str, str] = {}
    for column in sheet.columns:
        for name in (column.header, *column.aliases):
            names.setdefault(fold_header(name), column.key)
    for column in sheet.columns:
        names[fold_header(column.header)] = column.key
    return names


def match_headers(sheet: Sheet, header_row: list[Any]) -> HeaderMap:
    """Map the header row (values from column A on) onto the sheet's template columns."""
    lookup = _lookup(sheet)
    found = HeaderMap(sheet)
    for index, raw in enumerate(header_row):
        text = display(raw).strip()
        if not text:
            continue
        key = lookup.get(fold_header(text))
        if key is None:
            found.problems.append(
                HeaderProblem(
                    Violation.of("header-unknown", None, header=text, sheet=sheet.name), index
                )
            )
        elif key in found.positions:
            column = sheet.column(key)
            found.problems.append(
                HeaderProblem(
                    Violation.of("header-duplicate", key, column=column.header, sheet=sheet.name),
                    index,
                )
            )
        else:
            found.positions[key] = index
    for column in sheet.columns:
        if column.required and column.key not in found.positions:
            violation = Violation.of(
                "header-missing", column.key, column=column.header, sheet=sheet.name
            )
            found.problems.append(HeaderProblem(violation, None))
    return found
