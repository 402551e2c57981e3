"""Plain text cells: hidden spaces, and the rulebook's length limits and forbidden characters."""

from __future__ import annotations

from typing import Any

from bulk.rules.fields import text_violations
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
        if "\u2009" in text:
            what.append("thin spaces")
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
    """A free-text cell: checked for length and forbidden characters (the column's rule)."""
    text = as_text(raw)
    problems = text_violations(column.rule, text, column.key, column.header)
    if problems:
        found.extend(problems)
    return text
