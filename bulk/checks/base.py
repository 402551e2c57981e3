"""What every check shares: findings, the check context, and the row-check hooks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bulk.partner import PartnerProfile
from bulk.rules.money import PriceBook
from bulk.rules.violations import Violation
from bulk.schema import Column
from bulk.workbook.rows import ParsedWorkbook, TypedRow

CellReader = Callable[[Any, Column, list[Violation]], Any]
"""Reads one non-blank cell (text already trimmed) of a column: returns the normalised value
and appends a violation per problem, with ``field`` set to the column key."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A violation at a row of a sheet; ``violation.field`` names the column key."""

    sheet: str
    row: int
    violation: Violation


@dataclass(slots=True)
class CheckContext:
    """What checks may consult: the submission date, the partner and price book (when given),
    and the typed rows read so far (complete when ``end`` hooks run)."""

    as_of: dt.date
    partner: PartnerProfile | None
    pricebook: PriceBook | None
    workbook: ParsedWorkbook = field(default_factory=ParsedWorkbook)
    present_columns: dict[str, frozenset[str]] = field(default_factory=dict)
    sheets_read: set[str] = field(default_factory=set)

    def sheet_read(self, sheet: str) -> bool:
        """Whether the sheet was in the workbook and its rows were read."""
        return sheet in self.sheets_read

    def has_column(self, sheet: str, key: str) -> bool:
        """Whether the workbook's sheet has this template column."""
        return key in self.present_columns.get(sheet, frozenset())


class RowCheck:
    """A check that sees typed rows: ``start`` once, ``row`` per row of the sheets it names,
    ``end`` once after every sheet is read. Cross-row checks remember and report at the end."""

    sheets: frozenset[str] = frozenset()

    def __init__(self) -> None:
        self.context: CheckContext | None = None

    def start(self, context: CheckContext) -> None:
        """Called once before any row."""
        self.context = context

    @property
    def ctx(self) -> CheckContext:
        """The context given to :meth:`start`."""
        if self.context is None:
            raise RuntimeError(f"{type(self).__name__}.start was not called")
        return self.context

    def row(self, sheet: str, row: TypedRow) -> Iterable[Finding]:
        """Problems seen on one row."""
        return ()

    def end(self) -> Iterable[Finding]:
        """Problems that need every row."""
        return ()


def at(sheet: str, row: int, violations: list[Violation]) -> list[Finding]:
    """Place violations at a row of a sheet."""
    return [Finding(sheet, row, v) for v in violations] if violations else []
