"""Extension cells: 2 to 10 digits, unique within the location (uniqueness: ``duplicates``).

An extension typed into a General cell becomes a number and loses any leading zero (0123 →
123). A number cell whose digits are a valid extension is accepted, with a
``cell-stored-as-number`` warning asking the partner to check for a lost leading zero.
"""

from __future__ import annotations

from typing import Any

from bulk.rules import values
from bulk.rules.verdicts import EXTENSION_PATTERN as EXTENSION
from bulk.rules.violations import Violation
from bulk.schema import Column
from bulk.workbook.cells import number_text

__all__ = ["EXTENSION", "read_extension"]


def read_extension(raw: Any, column: Column, found: list[Violation]) -> str:
    """An extension cell: its digits as text."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        text = number_text(raw)
        if EXTENSION.fullmatch(text):
            found.append(
                Violation.of("cell-stored-as-number", column.key, column=column.header, value=text)
            )
        else:
            reason = "; it is stored as a number" + (
                "" if text.isdigit() else " with a fraction or sign"
            )
            found.append(
                Violation.of("cell-invalid-extension", column.key, value=text, reason=reason)
            )
        return text
    text, problem = values.extension(str(raw), column.key)
    if problem is not None:
        found.append(problem)
    return text
