"""Values written into workbooks must never become formulas (CSV/formula injection).

The rule is :mod:`bulk.rules.spreadsheet_text`; this module applies it to openpyxl cells. Every
workbook the toolkit writes for people (annotated copy, result workbook, reconciliation
workbook, template) puts its text through :func:`set_text` (docs/validator.md).
"""

from __future__ import annotations

from typing import Any

from openpyxl.utils.escape import unescape

from bulk.rules.spreadsheet_text import FORMULA_STARTS, formula_like, show_controls


def is_formula_like(value: Any) -> bool:
    """Whether a spreadsheet would read this value as a formula (text only; numbers are not)."""
    return isinstance(value, str) and formula_like(value)


def set_text(cell: Any, value: Any) -> None:
    """Put ``value`` in an openpyxl cell. Text that looks like a formula stays a string cell
    with Excel's quote prefix (so that editing the cell does not turn it into a formula either);
    control characters, which a worksheet cannot hold, are shown as symbols (``␀``). Numbers,
    dates and booleans are written as they are."""
    if not isinstance(value, str):
        cell.value = value
        return
    text = show_controls(value)
    cell.value = text
    if formula_like(text):
        cell.data_type = "s"
        cell.quotePrefix = True


def keep_as_text(cell: Any) -> None:
    """Make a text cell copied from the partner's workbook as safe as our own: control
    characters (which Excel stores as ``_x0000_``) shown as symbols, formula-like text given the
    quote prefix. Anything else is left exactly as it was."""
    value = cell.value
    if value.__class__ is not str:
        return
    text = unescape(value) if "_x" in value else value
    if text != value or not text.isprintable() or text[:1] in FORMULA_STARTS:
        set_text(cell, text)


def keep_sheet_as_text(sheet: Any) -> None:
    """:func:`keep_as_text` on every cell of a worksheet."""
    for row in sheet.iter_rows():
        for cell in row:
            keep_as_text(cell)


__all__ = ["is_formula_like", "keep_as_text", "keep_sheet_as_text", "set_text"]
