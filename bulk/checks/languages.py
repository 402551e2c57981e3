"""Language cells: a language code in either form the reference allows (``en``, ``en_US``),
written canonically (:mod:`bulk.rules.languages`)."""

from __future__ import annotations

from typing import Any

from bulk.checks.text import as_text
from bulk.rules import values
from bulk.rules.violations import Violation
from bulk.schema import Column


def read_language(raw: Any, column: Column, found: list[Violation]) -> str:
    """A language cell: the canonical code, or ``cell-invalid-language``."""
    code, problem = values.language(as_text(raw), column.key)
    if problem is not None:
        found.append(problem)
    return code
