"""Write the corrected copy: the partner's workbook with the planned changes and a ``Changes``
sheet listing each one (sheet, cell, old value, new value, code, kind, reason).

The workbook is loaded and saved with openpyxl, which keeps every other cell, style, data
validation (the template's dropdowns), hidden sheet and defined name. A changed cell is written
as text (formatted ``@`` so that editing it in Excel keeps it text, the way the template's own
columns are), through :mod:`bulk.reports.safe` like every value the toolkit writes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.utils.exceptions import CellCoordinatesException

from bulk.fixing.plan import Change
from bulk.reports.safe import set_text
from bulk.rules.spreadsheet_text import show_controls
from bulk.rules.values import ISO_DATE
from bulk.schema import SHEETS, fold_header

DATE_CODES = frozenset({"cell-invalid-date"})
"""Codes whose fix is a date: written as a date cell (the template's date rule then holds)."""
CHANGES_SHEET = "Changes"
CHANGE_COLUMNS = ("Sheet", "Cell", "Old value", "New value", "Code", "Kind", "Reason")
_WIDTHS = (14, 8, 28, 28, 26, 9, 80)


class FixUnusable(Exception):
    """The copy cannot be written as asked; the message is one line naming what is wrong."""


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _target(workbook: Any, names: dict[str, str], change: Change) -> Any:
    name = names.get(fold_header(change.sheet))
    if name is None:
        raise FixUnusable(f"the workbook has no sheet '{change.sheet}' (change at {change.cell})")
    _where(change, name)
    return workbook[name][change.cell]


def _where(change: Change, sheet: str) -> tuple[int, int]:
    """The change's row number and zero-based column, or :class:`FixUnusable`."""
    try:
        letters, row = coordinate_from_string(change.cell)
    except (CellCoordinatesException, ValueError):
        raise FixUnusable(f"'{change.cell}' is not a cell reference (sheet {sheet})") from None
    return row, column_index_from_string(letters) - 1


def _day(change: Change) -> dt.date | None:
    """The date a fix writes as a date cell (a fixed date); ``None`` for text."""
    day = ISO_DATE.fullmatch(change.new) if change.code in DATE_CODES else None
    return None if day is None else dt.date(int(day[1]), int(day[2]), int(day[3]))


def _write(cell: Any, change: Change) -> None:
    """A fixed date as a date cell; any other value as text (``@``: Excel keeps it text)."""
    day = _day(change)
    if day is not None:
        cell.value = day
        cell.number_format = "yyyy-mm-dd"
        return
    set_text(cell, change.new)
    cell.number_format = "@"


def read_back(changes: Sequence[Change]) -> dict[str, dict[int, dict[int, Any]]]:
    """What the workbook reader gives for each cell :func:`apply` changes, by template sheet
    name, row number and zero-based column: the validator's ``edits``, so that the upload
    with its changes can be checked without writing the copy first (the portal writes it
    when it is downloaded). The date of a fixed date; any other value as :func:`set_text`
    stores it. Changes to other sheets are left out (the validator reads no other sheet)."""
    names = {fold_header(s.name): s.name for s in SHEETS}
    edits: dict[str, dict[int, dict[int, Any]]] = {}
    for change in changes:
        name = names.get(fold_header(change.sheet))
        row, column = _where(change, change.sheet)  # a bad reference is refused on any sheet
        if name is None:
            continue
        day = _day(change)
        value = day if day is not None else show_controls(change.new)
        edits.setdefault(name, {}).setdefault(row, {})[column] = value
    return edits


def _change_cells(workbook: Any, changes: Sequence[Change]) -> list[tuple[Change, str]]:
    """Write each change; give each with the text its cell held before."""
    names = {fold_header(n): n for n in workbook.sheetnames if n != CHANGES_SHEET}
    done: list[tuple[Change, str]] = []
    for change in changes:
        cell = _target(workbook, names, change)
        before = _cell_text(cell.value)
        _write(cell, change)
        done.append((change, before))
    return done


def _changes_sheet(workbook: Any, done: list[tuple[Change, str]]) -> None:
    if CHANGES_SHEET in workbook.sheetnames:
        del workbook[CHANGES_SHEET]
    sheet = workbook.create_sheet(CHANGES_SHEET)
    sheet.append(list(CHANGE_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, (c, before) in enumerate(done, start=2):
        row = (c.sheet, c.cell, before, c.new, c.code, c.kind, c.reason)
        for column, value in enumerate(row, start=1):
            set_text(sheet.cell(number, column), value)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", _WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width


def apply(source: Path, destination: Path, changes: Sequence[Change]) -> list[Change]:
    """Write ``source`` with ``changes`` applied to ``destination`` (never to ``source``),
    with a ``Changes`` sheet listing them (replacing one a previous run added; kept as it was
    when there is nothing to change). Gives the changes as made, ``old`` being what each cell
    held (the report shows some values trimmed). Raises :class:`FixUnusable` for a change that
    names no sheet or cell of the workbook, or a destination that is the source."""
    if destination.resolve() == source.resolve():
        raise FixUnusable(f"the corrected copy must not overwrite {source.name}; name another file")
    workbook = openpyxl.load_workbook(source, rich_text=False)
    try:
        done = _change_cells(workbook, changes)
        if done:
            _changes_sheet(workbook, done)
        workbook.save(destination)
    finally:
        workbook.close()
    return [dataclasses.replace(change, old=before) for change, before in done]
