"""Language cells: one of the supported Webex locale codes, in canonical form (``en_US``)."""

from __future__ import annotations

from typing import Any

from bulk.checks.text import as_text
from bulk.rules.languages import canonical_language
from bulk.rules.violations import Violation
from bulk.schema import Column


def read_language(raw: Any, column: Column, found: list[Violation]) -> str:
    """A language cell: the canonical code, or ``cell-invalid-language``."""
    text = as_text(raw)
    code = canonical_language(text)
    if code is None:
        found.append(
            Violation.of("cell-invalid-language", column.key, value=text, example="en_US, fr_CA")
        )
        return text
    return code
