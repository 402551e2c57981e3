"""Plain text cells: hidden spaces, length limits and forbidden characters."""

from __future__ import annotations

from typing import Any

from bulk.rules.violations import Violation
from bulk.schema import Column
from bulk.workbook.cells import display

NBSP = "\u00a0"
_ODD_SPACES = ("\u00a0", "\u2007", "\u202f", "\u2009", "\u200b", "\ufeff", "\t", "\r", "\n")


def clean_text(value: str) -> tuple[str, str | None]:
    """The text with non-breaking and zero-width spaces turned into plain spaces and the ends
    trimmed, and a description of what was removed (``None`` when nothing was)."""
    what: list[str] = []
    text = value
    if any(ch in text for ch in _ODD_SPACES):
        if NBSP in text or "\u202f" in text or "\u2007" in text:
            what.append("non-breaking spaces")
        if "\u200b" in text or "\ufeff" in text:
            what.append("invisible zero-width characters")
        if any(ch in text for ch in "\t\r\n"):
            what.append("tabs or line breaks")
        for ch in _ODD_SPACES:
            text = text.replace(ch, "" if ch in "\u200b\ufeff" else " ")
    stripped = text.strip(" ")
    if stripped != text:
        if text.startswith(" "):
            what.append("leading spaces")
        if text.endswith(" "):
            what.append("trailing spaces")
    return stripped, (" and ".join(what) if what else None)


def as_text(raw: Any) -> str:
    """A cell's value as text: numbers without ``.0``, dates in ISO form."""
    return raw if isinstance(raw, str) else display(raw)


def read_text(raw: Any, column: Column, found: list[Violation]) -> str:
    """A free-text cell: checked for length and forbidden characters."""
    text = as_text(raw)
    if column.max_length is not None and len(text) > column.max_length:
        found.append(
            Violation.of(
                "cell-too-long",
                column.key,
                column=column.header,
                length=len(text),
                limit=column.max_length,
                value=text,
            )
        )
    for character in column.forbidden:
        if character in text:
            found.append(
                Violation.of(
                    "cell-forbidden-character",
                    column.key,
                    column=column.header,
                    character=character,
                    value=text,
                )
            )
    return text
