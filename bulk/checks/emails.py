"""Email cells, checked by the rulebook's verdict (:func:`bulk.rules.verdicts.email_problem`:
email-validator, ``check_deliverability=False``), written back as the partner typed them."""

from __future__ import annotations

from typing import Any

from bulk.checks.text import as_text, read_text
from bulk.rules import values
from bulk.rules.verdicts import email_problem
from bulk.rules.violations import Violation
from bulk.schema import Column

__all__ = ["email_problem", "read_email"]


def read_email(raw: Any, column: Column, found: list[Violation]) -> str:
    """An email cell: a valid address, or ``cell-invalid-email`` with email-validator's reason."""
    text = read_text(as_text(raw), column, found)
    _, problem = values.email(text, column.key, email_problem)
    if problem is not None:
        found.append(problem)
    return text
