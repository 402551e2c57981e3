"""Where a reconciliation goes: a workbook (``-o FILE.xlsx``) and a JSON file (``--json``).

The workbook has a ``Differences`` sheet (one row per difference, the columns of
:data:`~bulk.billing.differences.DIFFERENCE_FIELDS`, amounts as exact decimal numbers shown
with two decimals) and a ``Summary`` sheet. Text that a spreadsheet could take for a formula
(``=...``) is stored explicitly as text.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font, PatternFill

from bulk.billing.differences import DIFFERENCE_FIELDS
from bulk.billing.reconcile import Reconciliation

_HEADER = Font(bold=True)
_ERROR_FILL = PatternFill("solid", fgColor="FFF4CCCC")
_WARNING_FILL = PatternFill("solid", fgColor="FFFFF2CC")
_WIDTHS = {"message": 100, "expected": 36, "charged": 36, "customer_id": 30, "item": 28}


def write_workbook(result: Reconciliation, path: Path) -> None:
    """Write the differences and the summary to an .xlsx workbook."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Differences"
    sheet.append(list(DIFFERENCE_FIELDS))
    for cell in sheet[1]:
        cell.font = _HEADER
    for found in result.differences:
        values = found.to_json()
        row = [_cell_value(name, values[name]) for name in DIFFERENCE_FIELDS]
        sheet.append(row)
        fill = _ERROR_FILL if values["severity"] == "error" else _WARNING_FILL
        for cell in sheet[sheet.max_row]:
            cell.fill = fill
            _as_text(cell)
        sheet.cell(sheet.max_row, DIFFERENCE_FIELDS.index("amount") + 1).number_format = "0.00"
    for index, name in enumerate(DIFFERENCE_FIELDS):
        sheet.column_dimensions[_letter(index)].width = _WIDTHS.get(name, 18)
    sheet.freeze_panes = "A2"
    summary = book.create_sheet("Summary")
    for key, value in result.summary().items():
        shown = value if not isinstance(value, dict) else f"{value['start']} to {value['end']}"
        summary.append([key, shown])
        _as_text(summary.cell(summary.max_row, 2))
    summary.column_dimensions["A"].width = 24
    summary.column_dimensions["B"].width = 60
    book.save(path)


def _cell_value(name: str, value: object) -> object:
    if name == "amount" and value is not None:
        return Decimal(str(value))  # a number in the sheet, never a float
    return value


def _as_text(cell: Cell) -> None:
    if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
        cell.data_type = "s"


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def write_json(result: Reconciliation, path: Path | None) -> str:
    """The JSON document; written to ``path`` unless it is ``None`` (then only returned)."""
    text = json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n"
    if path is not None:
        path.write_text(text, encoding="utf-8")
    return text
