"""Validate an onboarding workbook offline.

:func:`validate_workbook` gives a :class:`ValidationResult` holding a :class:`Report`
(docs/design.md §6) and the typed rows (:class:`~bulk.workbook.rows.ParsedWorkbook`).
"""

from __future__ import annotations

from bulk.checks.assist import AssistLine
from bulk.validation.engine import Progress, ValidationResult, validate_workbook
from bulk.validation.report import (
    OFFLINE_CODES,
    PARTNER_CHECKS,
    SERVER_SIDE_CODES,
    Issue,
    Report,
)

__all__ = [
    "OFFLINE_CODES",
    "PARTNER_CHECKS",
    "SERVER_SIDE_CODES",
    "AssistLine",
    "Issue",
    "Progress",
    "Report",
    "ValidationResult",
    "validate_workbook",
]
