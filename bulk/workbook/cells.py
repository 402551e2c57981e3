"""Cells as the reader sees them: A1 references, value kinds, and how Excel shows a value."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any


class CellKind(StrEnum):
    """What a cell holds, as Excel stored it."""

    BLANK = "blank"
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    BOOL = "bool"
    FORMULA = "formula"


@dataclass(frozen=True, slots=True)
class Formula:
    """A formula found in a cell: kept as text, never evaluated."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: its column letter, A1 reference, raw value and kind."""

    column: str
    ref: str
    value: Any
    kind: CellKind


@lru_cache(maxsize=20_000)
def column_letter(index: int) -> str:
    """``0`` → ``A``, ``25`` → ``Z``, ``26`` → ``AA`` (zero-based index)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """``A`` → ``0``, ``AA`` → ``26``, ``XFD`` → ``16383``."""
    index = 0
    for char in letters.upper():
        index = index * 26 + (ord(char) - 64)
    return index - 1


def cell_ref(column: int, row: int) -> str:
    """A1 reference of a zero-based column index and a worksheet row number."""
    return f"{column_letter(column)}{row}"


def kind_of(value: Any) -> CellKind:
    """The kind of a raw value as the readers produce it."""
    if value is None or value == "":
        return CellKind.BLANK
    if isinstance(value, Formula):
        return CellKind.FORMULA
    if isinstance(value, bool):
        return CellKind.BOOL
    if isinstance(value, str):
        return CellKind.TEXT
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return CellKind.DATE
    return CellKind.NUMBER


def number_text(value: float | int) -> str:
    """A number as Excel's General format would show its digits (no ``.0`` on whole numbers)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def display(value: Any) -> str:
    """A raw value as a partner would recognise it in the report."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)
