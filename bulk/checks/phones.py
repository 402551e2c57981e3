"""Phone cells: strict E.164 (``+``, country code, number), valid for its country.

Excel damage is explained: a number typed into a General cell loses its ``+`` (14085550100)
and, past 11 digits, may be shown and stored in scientific notation with the last digits gone
(1.40856E+10).

Verdicts are phonenumbers', cached per number prefix where that is proved safe
(:mod:`bulk.checks.phone_prefixes`).
"""

from __future__ import annotations

import re
from typing import Any

import phonenumbers

from bulk.checks.phone_prefixes import E164, is_valid_e164
from bulk.rules.violations import Violation
from bulk.schema import Column
from bulk.workbook.cells import number_text

_PUNCTUATION = re.compile(r"[\s\-().\u2010-\u2015/]")


def _as_e164(text: str) -> str | None:
    """The E.164 form of a loosely written international number, when it is a valid one."""
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def number_damage(value: float | int) -> str:
    """What Excel did to a phone number stored as a number, and what the cell should hold."""
    if isinstance(value, float) and not value.is_integer():
        return f": it is stored as the number {value!r}, not as text"
    digits = number_text(value)
    if len(digits) >= 11 and re.search(r"0{4,}$", digits):
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


def text_problem(text: str) -> str:
    """Why a text value is not a valid E.164 number (``""`` when it only fails validity)."""
    if E164.fullmatch(text):
        return " (no such number for its country code)"
    if text.startswith("+") and _PUNCTUATION.search(text):
        fixed = _as_e164(text)
        hint = f"; write '{fixed}'" if fixed else ""
        return f" (it contains spaces or punctuation{hint})"
    if text.startswith("00") and text[2:].isdigit():
        return f" (it starts with 00; write '+{text[2:]}')"
    if not text.startswith("+") and _PUNCTUATION.sub("", text).isdigit():
        return " (it has no '+' and country code)"
    return ""


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
    if not is_valid_e164(raw):
        found.append(
            Violation.of("cell-invalid-phone", column.key, value=raw, reason=text_problem(raw))
        )
    return raw
