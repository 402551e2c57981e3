"""Date cells. A real date cell is accepted; so is ISO text (``2027-06-15``), which cannot be
misread. Any other text is refused with what happened: Excel did not recognise it as a date
(``15/06/2027`` under a US locale, for instance), so it is text whose day/month order is
ambiguous. A plain number is refused too, showing the date it would be as an Excel serial.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from bulk.checks.text import as_text
from bulk.rules.values import ISO_DATE
from bulk.rules.violations import Violation
from bulk.schema import Column

_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _serial_hint(value: float) -> str:
    if value.is_integer() and 1 <= value <= 2_958_465:
        day = _EXCEL_EPOCH + dt.timedelta(days=int(value))
        return (
            f" (it is stored as a plain number; as an Excel date it would be {day.isoformat()}, "
            "so format the cell as a date)"
        )
    return " (it is a number, not a date)"


def _text_hint(text: str) -> str:
    if re.fullmatch(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}", text):
        return (
            " (it was typed as text that Excel did not recognise as a date, and day/month order "
            "is ambiguous)"
        )
    return " (it is text, not a date)"


def read_date(raw: Any, column: Column, found: list[Violation]) -> dt.date | None:
    """A date cell as a ``date``, or ``None`` with ``cell-invalid-date``."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        found.append(
            Violation.of(
                "cell-invalid-date", column.key, value=as_text(raw), reason=_serial_hint(float(raw))
            )
        )
        return None
    text = as_text(raw)
    match = ISO_DATE.fullmatch(text)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            reason = " (there is no such day)"
    else:
        reason = _text_hint(text)
    found.append(Violation.of("cell-invalid-date", column.key, value=text, reason=reason))
    return None
