"""Customer rows: a new customer needs a name and a primary email unless it attaches to an
existing org (``customer-info-required``)."""

from __future__ import annotations

from collections.abc import Iterable

from bulk.checks.base import Finding, RowCheck, at
from bulk.rules.violations import Violation
from bulk.workbook.rows import CustomerRow, TypedRow


class CustomerInfoCheck(RowCheck):
    """Name and primary email are required for a new customer without Existing Org ID."""

    sheets = frozenset({"Customers"})

    def row(self, sheet: str, row: TypedRow) -> Iterable[Finding]:
        """The blank name or email of a new customer."""
        if not isinstance(row, CustomerRow) or row.existing_org_id or row.action != "create":
            return ()
        missing = [
            Violation.of("customer-info-required", key, column=header, value="")
            for key, header, value in (
                ("name", "Customer Name", row.name),
                ("primary_email", "Primary Email", row.primary_email),
            )
            if not value
        ]
        return at(sheet, row.row, missing)
