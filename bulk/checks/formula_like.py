"""Text a spreadsheet would run or nobody can see (docs/validator.md).

* ``cell-formula-like`` (a warning) on every text value, as it will be sent, that starts with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return: the API accepts it, so the validator
  does not refuse it, but it says what a spreadsheet opening a CSV of it would do; the toolkit's
  own files store such text as text (:mod:`bulk.rules.spreadsheet_text`).
* ``cell-forbidden-character`` (an error) on control characters such as NUL, and
  ``cell-invisible-character`` (a warning, with positions) on right-to-left overrides and
  zero-width characters, read from the cell as the partner typed it
  (:mod:`bulk.rules.hidden_characters`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from operator import attrgetter

from bulk.checks.base import Finding, RowCheck
from bulk.rules.hidden_characters import hidden_character_violations
from bulk.rules.spreadsheet_text import FORMULA_STARTS, formula_like, spreadsheet_effect
from bulk.rules.violations import Violation
from bulk.schema import SHEETS, Column, Kind
from bulk.workbook.rows import ROW_TYPES, TypedRow

_SEPARATOR = "\x1f"
_ANY_START = re.compile("\x1f[" + re.escape("".join(sorted(FORMULA_STARTS))) + "]")
"""A value of the row starting with a formula character (a false hit only costs the exact
per-value test)."""

FREE_TEXT = frozenset({Kind.TEXT, Kind.EMAIL})
"""Column kinds whose valid values are free text. The others hold codes, numbers or dates; a
valid phone number (``+14085550100``) is a number to a spreadsheet, not a formula."""


def _text_columns(sheet: str) -> tuple[Column, ...]:
    """The sheet's free-text columns whose typed value is text."""
    texts = {f.name for f in dataclasses.fields(ROW_TYPES[sheet]) if f.type in ("str", str)}
    columns = next(s.columns for s in SHEETS if s.name == sheet)
    return tuple(c for c in columns if c.key in texts and c.kind in FREE_TEXT)


class FormulaLikeCheck(RowCheck):
    """Warns on every text value a spreadsheet would read as a formula."""

    sheets = frozenset(s.name for s in SHEETS)

    def __init__(self) -> None:
        super().__init__()
        self._columns = {name: _text_columns(name) for name in self.sheets}
        self._getters = {
            name: attrgetter(*(c.key for c in columns)) for name, columns in self._columns.items()
        }

    def row(self, sheet: str, row: TypedRow) -> Iterable[Finding]:
        """The row's formula-like text values."""
        values = self._getters[sheet](row)
        if _ANY_START.search(_SEPARATOR + _SEPARATOR.join(values)) is None:
            return ()  # one C-speed scan of the row instead of a Python step per value
        suspects = [i for i, value in enumerate(values) if value[:1] in FORMULA_STARTS]
        columns = self._columns[sheet]
        return [
            Finding(sheet, row.row, formula_like_violation(values[i], columns[i]))
            for i in suspects
            if formula_like(values[i])
        ]


def formula_like_violation(text: str, column: Column) -> Violation:
    """The ``cell-formula-like`` warning for one value of a column."""
    return Violation.of(
        "cell-formula-like",
        column.key,
        column=column.header,
        value=text,
        effect=spreadsheet_effect(text),
    )


def hidden_characters(raw: str, column: Column) -> list[Violation]:
    """Control characters (an error) and invisible characters (a warning, with positions) in a
    cell's text as the partner typed it."""
    return hidden_character_violations(raw, column.key, column.header)


__all__ = ["FREE_TEXT", "FormulaLikeCheck", "formula_like_violation", "hidden_characters"]
