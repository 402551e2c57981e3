"""The validation report (docs/design.md §6): a flat list of issues with their positions, per-sheet
row counts, and the Setup Assist orders the workbook would place."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from bulk.checks.assist import AssistLine
from bulk.rules.catalogue import Severity
from bulk.rules.repairs import Fix
from bulk.schema import SHEETS

SHEET_ORDER: dict[str, int] = {"": -1, **{s.name: i for i, s in enumerate(SHEETS)}}
PARTNER_CHECKS: tuple[str, ...] = (
    "assist-not-entitled",
    "assist-partner-not-ready",
    "provisioning-id-missing",
)
SERVER_SIDE_CODES: tuple[str, ...] = (
    "assist-customer-not-provisioned",
    "a-wholesale-quantity",
    "assist-task-cisco-side",
)
"""Setup Assist codes only the server can decide: what is provisioned, what was ordered, who
completes a project task."""
OFFLINE_CODES: tuple[str, ...] = (
    *("workbook-unreadable", "workbook-too-large", "sheet-missing", "header-missing"),
    *("header-duplicate", "header-unknown", "template-version", "cell-required", "cell-too-long"),
    *("cell-invalid-email", "cell-invalid-phone", "cell-invalid-extension", "cell-invalid-country"),
    *("cell-invalid-state", "cell-invalid-postal-code", "cell-invalid-timezone"),
    *("cell-invalid-language", "cell-invalid-package", "cell-invalid-action", "cell-invalid-date"),
    *("cell-invalid-choice", "cell-formula", "cell-forbidden-character", "cell-whitespace"),
    *("cell-formula-like", "cell-invisible-character"),
    *("cell-merged", "row-hidden", "cell-stored-as-number", "row-duplicate-key"),
    *("row-duplicate-email", "row-duplicate-phone", "row-duplicate-extension"),
    *("ref-unknown-customer", "ref-unknown-location", "package-not-for-subscriber"),
    *("package-not-on-customer", "package-dependency", "calling-location-required"),
    *("calling-number-required", "customer-info-required", "assist-deadline", "assist-date-past"),
    *("assist-no-seats", "assist-duplicate", "assist-network-check", "assist-not-entitled"),
    *("assist-partner-not-ready", "provisioning-id-missing", "cell-unknown-state"),
)
"""Every code the validator can report offline (the last three only with ``--partner``)."""


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem at a place in the workbook. ``sheet`` is the template sheet name (``""``
    for the workbook itself), ``row`` the worksheet row (1 for header and workbook issues),
    ``column`` the template header (or the header as written, for an unknown column),
    ``cell`` the A1 reference (``""`` when the column is absent), ``value`` what the cell held,
    ``fix`` the replacement value the rulebook offers for the cell, if any."""

    code: str
    severity: Severity
    sheet: str
    row: int
    column: str
    cell: str
    value: str
    message: str
    column_index: int = field(default=-1, compare=False)
    fix: Fix | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The issue as docs/design.md §6 writes it."""
        return {
            "code": self.code,
            "severity": str(self.severity),
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "cell": self.cell,
            "value": self.value,
            "message": self.message,
            "fix": None if self.fix is None else self.fix.to_json(),
        }

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Sheet order, row, column position (absent columns last)."""
        return (
            SHEET_ORDER.get(self.sheet, 99),
            self.row,
            self.column_index if self.column_index >= 0 else 1 << 20,
        )


def assist_json(line: AssistLine) -> dict[str, Any]:
    """A Setup Assist line as docs/design.md §6 writes it (net price: a string, 2 decimals)."""
    return {
        "customer_external_id": line.customer_external_id,
        "location_name": line.location_name,
        "seats": line.seats,
        "sku": line.sku,
        "quantity": line.quantity,
        "earliest_completion_date": line.earliest_completion_date.isoformat(),
        "net_price": None if line.net_price is None else f"{line.net_price:.2f}",
        "currency": line.currency,
    }


@dataclass(slots=True)
class Report:
    """What ``rtm validate`` reports. ``issues`` are sorted by sheet, row and column."""

    template_version: str
    as_of: dt.date
    rows: dict[str, int]
    issues: list[Issue]
    assist: list[AssistLine]
    partner_checked: bool = False
    _row_index: dict[str, tuple[list[int], list[int]]] = field(default_factory=dict, repr=False)

    @property
    def errors(self) -> int:
        """How many issues are errors."""
        return sum(1 for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """How many issues are warnings."""
        return len(self.issues) - self.errors

    @property
    def valid(self) -> bool:
        """True when there is no error (warnings are allowed)."""
        return self.errors == 0

    @property
    def stats(self) -> dict[str, Any]:
        """Rows per sheet and the error and warning counts."""
        return {"rows": dict(self.rows), "errors": self.errors, "warnings": self.warnings}

    @property
    def checks_skipped(self) -> list[str]:
        """Codes not checked: the partner checks without ``--partner``."""
        return [] if self.partner_checked else list(PARTNER_CHECKS)

    def to_json(self) -> dict[str, Any]:
        """Exactly the docs/design.md §6 report, plus ``checks_skipped``, ``server_side_codes``."""
        return {
            "valid": self.valid,
            "template_version": self.template_version,
            "as_of": self.as_of.isoformat(),
            "stats": self.stats,
            "issues": [i.to_json() for i in self.issues],
            "assist": [assist_json(a) for a in self.assist],
            "checks_skipped": self.checks_skipped,
            "server_side_codes": list(SERVER_SIDE_CODES),
        }

    def issues_for(self, sheet: str, first_row: int, last_row: int) -> list[Issue]:
        """The issues of a sheet on rows ``first_row``..``last_row`` (for paging a grid)."""
        if not self._row_index:
            for i, issue in enumerate(self.issues):
                self._row_index.setdefault(issue.sheet, ([], []))
                positions, rows = self._row_index[issue.sheet]
                positions.append(i)
                rows.append(issue.row)
        positions, rows = self._row_index.get(sheet, ([], []))
        start = bisect.bisect_left(rows, first_row)
        stop = bisect.bisect_right(rows, last_row)
        return [self.issues[i] for i in positions[start:stop]]
