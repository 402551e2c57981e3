"""Where a reconciliation goes: a workbook (``-o FILE.xlsx``) and a JSON file (``--json``).

The workbook has a ``Differences`` sheet (one row per difference, the columns of
:data:`~bulk.billing.differences.DIFFERENCE_FIELDS`, amounts as exact decimal numbers shown
with two decimals) and a ``Summary`` sheet. Text that a spreadsheet could take for a formula
(``=...``, ``@...``) is stored as a string cell with the quote prefix (:mod:`bulk.reports.safe`);
the JSON file keeps every value exactly.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from bulk.billing.differences import DIFFERENCE_FIELDS
from bulk.billing.reconcile import Reconciliation
from bulk.reports.safe import set_text

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
    for number, found in enumerate(result.differences, start=2):
        values = found.to_json()
        fill = _ERROR_FILL if values["severity"] == "error" else _WARNING_FILL
        for index, name in enumerate(DIFFERENCE_FIELDS, start=1):
            cell = sheet.cell(number, index)
            set_text(cell, _cell_value(name, values[name]))
            cell.fill = fill
        sheet.cell(number, DIFFERENCE_FIELDS.index("amount") + 1).number_format = "0.00"
    for index, name in enumerate(DIFFERENCE_FIELDS):
        sheet.column_dimensions[_letter(index)].width = _WIDTHS.get(name, 18)
    sheet.freeze_panes = "A2"
    summary = book.create_sheet("Summary")
    for number, (key, value) in enumerate(result.summary().items(), start=1):
        shown = value if not isinstance(value, dict) else f"{value['start']} to {value['end']}"
        summary.cell(number, 1, key)
        set_text(summary.cell(number, 2), shown)
    summary.column_dimensions["A"].width = 24
    summary.column_dimensions["B"].width = 60
    book.save(path)


def _cell_value(name: str, value: object) -> object:
    if name == "amount" and value is not None:
        return Decimal(str(value))  # a number in the sheet, never a float
    return value


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def write_json(result: Reconciliation, path: Path | None) -> str:
    """The JSON document; written to ``path`` unless it is ``None`` (then only returned)."""
    text = json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n"
    if path is not None:
        path.write_text(text, encoding="utf-8")
    return text
