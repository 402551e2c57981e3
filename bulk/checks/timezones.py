"""Time zone cells: an IANA zone name, matched case-insensitively and written canonically
(:func:`bulk.rules.verdicts.canonical_timezone`)."""

from __future__ import annotations

from typing import Any

from bulk.checks.text import as_text
from bulk.rules import values
from bulk.rules.verdicts import zone_names
from bulk.rules.violations import Violation
from bulk.schema import Column

__all__ = ["read_timezone", "zone_names"]


def read_timezone(raw: Any, column: Column, found: list[Violation]) -> str:
    """A time zone cell: the canonical IANA name."""
    zone, problem = values.timezone(as_text(raw), column.key)
    if problem is not None:
        found.append(problem)
    return zone
