"""Values copied into reports must never become formulas (CSV/formula injection)."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@")


def is_formula_like(value: Any) -> bool:
    """Whether a spreadsheet would read this text as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def set_text(cell: Any, value: Any) -> None:
    """Put ``value`` in an openpyxl cell; text that looks like a formula stays text."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
