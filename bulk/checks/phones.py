"""Phone cells: E.164 (``+``, country code, number; the separators the reference's examples
use are dropped), valid for its country.

Excel damage is explained: a number typed into a General cell loses its ``+`` (14085550100)
and, past 11 digits, may be shown and stored in scientific notation with the last digits gone
(1.40856E+10).

Verdicts are the rulebook's (:func:`bulk.rules.verdicts.phone_valid`, phonenumbers), remembered
per number: a workbook repeats its numbers (a location's main number on every user row).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from bulk.rules import values
from bulk.rules.verdicts import phone_valid
from bulk.rules.violations import Violation
from bulk.schema import Column
from bulk.workbook.cells import number_text


@lru_cache(maxsize=65_536)
def is_valid_e164(text: str) -> bool:
    """Whether ``text`` is strict E.164 and a valid number: the rulebook's verdict, remembered."""
    return phone_valid(text)


def number_damage(value: float | int) -> str:
    """What Excel did to a phone number stored as a number, and what the cell should hold."""
    if isinstance(value, float) and not value.is_integer():
        return f": it is stored as the number {value!r}, not as text"
    digits = number_text(value)
    if values.digits_lost(digits):
        shown = f"{float(value):.5E}"
        return (
            f": Excel stored it as a number and shows it in scientific notation ({shown}); "
            f"its last digits are lost ({digits}). Retype the whole number as text"
        )
    candidate = "+" + digits
    if is_valid_e164(candidate):
        return (
            f": Excel stored it as the number {digits} and dropped the '+'; "
            f"it should be the text '{candidate}'"
        )
    return f": Excel stored it as the number {digits}, without '+' and country code"


def read_phone(raw: Any, column: Column, found: list[Violation]) -> str:
    """A phone cell: E.164 text, or ``cell-invalid-phone`` saying what went wrong."""
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        found.append(
            Violation.of("cell-invalid-phone", column.key, value=str(raw), reason=" (not a number)")
        )
        return str(raw)
    if not isinstance(raw, str):
        text = number_text(raw)
        found.append(
            Violation.of("cell-invalid-phone", column.key, value=text, reason=number_damage(raw))
        )
        return text
    number, problem = values.phone(raw, column.key, is_valid_e164)
    if problem is not None:
        found.append(problem)
    return number
