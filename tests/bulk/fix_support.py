"""Comparing a workbook with its corrected copy cell by cell (openpyxl): values, styles, data
validations, defined names, sheet states, merged ranges and row/column sizes."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import openpyxl

from bulk.fixing import CHANGES_SHEET, Change

STYLE_PARTS = ("font", "fill", "border", "number_format", "alignment", "protection")


def _cells(sheet: Any) -> dict[str, Any]:
    return {c.coordinate: c for row in sheet.iter_rows() for c in row}


def _validations(sheet: Any) -> list[tuple[Any, ...]]:
    return sorted(
        (str(v.sqref), v.type, v.formula1, v.formula2, v.allow_blank, v.showDropDown)
        for v in sheet.data_validations.dataValidation
    )


def _sheet_layout(sheet: Any) -> tuple[Any, ...]:
    return (
        sheet.sheet_state,
        sorted(str(m) for m in sheet.merged_cells.ranges),
        {n: d.hidden for n, d in sheet.row_dimensions.items() if d.hidden},
        {k: d.width for k, d in sheet.column_dimensions.items()},
        sheet.freeze_panes,
        _validations(sheet),
        sorted((n, d.attr_text) for n, d in sheet.defined_names.items()),
    )


def untouched_differences(source: Path, copy: Path, changes: Iterable[Change]) -> list[str]:
    """Every difference between ``source`` and ``copy`` outside the changed cells and the
    Changes sheet (an empty list when the copy keeps everything else)."""
    changed = {(c.sheet, c.cell) for c in changes}
    before = openpyxl.load_workbook(source, rich_text=False)
    after = openpyxl.load_workbook(copy, rich_text=False)
    found: list[str] = []
    names = [n for n in after.sheetnames if n != CHANGES_SHEET]
    if before.sheetnames != names:
        found.append(f"sheets {before.sheetnames} became {after.sheetnames}")
    defined = sorted((n, d.attr_text) for n, d in before.defined_names.items())
    if defined != sorted((n, d.attr_text) for n, d in after.defined_names.items()):
        found.append("defined names differ")
    for name in before.sheetnames:
        old, new = before[name], after[name]
        if _sheet_layout(old) != _sheet_layout(new):
            found.append(f"{name}: layout, validations or names differ")
        new_cells = _cells(new)
        for ref, cell in _cells(old).items():
            if (name, ref) in changed:
                continue
            twin = new_cells.get(ref)
            if twin is None or twin.value != cell.value:
                found.append(f"{name}!{ref}: {cell.value!r} became {twin and twin.value!r}")
            elif any(repr(getattr(cell, p)) != repr(getattr(twin, p)) for p in STYLE_PARTS):
                found.append(f"{name}!{ref}: style changed")
    return found


def list_sources_resolve(path: Path) -> list[str]:
    """The dropdowns (list validations) whose source range is missing or empty in ``path``."""
    book = openpyxl.load_workbook(path)
    broken: list[str] = []
    for sheet in book.worksheets:
        for validation in sheet.data_validations.dataValidation:
            if validation.type != "list" or validation.formula1.startswith('"'):
                continue
            target, _, ref = validation.formula1.rpartition("!")
            source = book[target.strip("'")]
            if not [c.value for row in source[ref.replace("$", "")] for c in row if c.value]:
                broken.append(f"{sheet.title} {validation.sqref}: {validation.formula1}")
    return broken


def changes_sheet(path: Path) -> list[tuple[Any, ...]]:
    """The rows of the copy's Changes sheet, header first."""
    book = openpyxl.load_workbook(path)
    return [tuple(c.value for c in row) for row in book[CHANGES_SHEET].iter_rows()]
