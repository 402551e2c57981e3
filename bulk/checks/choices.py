"""Enumerated cells: Action (create, update, delete), Channel (api, form, helpdesk) and
Network Check Done (yes, no), matched case-insensitively against the rulebook's values."""

from __future__ import annotations

from typing import Any

from bulk.checks.text import as_text
from bulk.rules import values
from bulk.rules.fields import ACTIONS
from bulk.rules.violations import Violation
from bulk.schema import Column

_YES = {"yes": True, "no": False}


def read_action(raw: Any, column: Column, found: list[Violation]) -> str:
    """An action cell: ``create``, ``update`` or ``delete``."""
    text = as_text(raw).lower()
    if text not in ACTIONS:
        found.append(Violation.of("cell-invalid-action", column.key, value=as_text(raw)))
    return text


def read_choice(raw: Any, column: Column, found: list[Violation]) -> str:
    """A cell that must hold one of the column's choices (lower case)."""
    text, problem = values.choice(as_text(raw), column.key, column.header, column.choices)
    if problem is not None:
        found.append(problem)
        return text.lower()
    return text


def read_yes_no(raw: Any, column: Column, found: list[Violation]) -> bool | None:
    """A yes/no cell as a bool (Excel's TRUE/FALSE are accepted too)."""
    if isinstance(raw, bool):
        return raw
    answer = _YES.get(as_text(raw).lower())
    if answer is None:
        read_choice(raw, column, found)
    return answer
