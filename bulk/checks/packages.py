"""Package cells and package rules (docs/design.md §3, from the reference API).

Customers list packages comma-separated; names are matched case-insensitively, with spaces or
hyphens accepted for underscores (``Webex Calling`` → ``webex_calling``). The rules themselves
(which packages exist, dependencies, customer-only packages, what calling needs) are
:mod:`bulk.rules.packages`; this module places their violations on cells.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from bulk.checks.base import Finding, RowCheck, at
from bulk.checks.text import as_text
from bulk.rules.packages import (
    customer_package_violations,
    needs_calling_location,
    subscriber_package_violations,
)
from bulk.rules.violations import Violation
from bulk.schema import Column
from bulk.workbook.rows import CustomerRow, LocationRow, SubscriberRow, TypedRow

_SEPARATORS = re.compile(r"[,;\n]+")


def fold_package(name: str) -> str:
    """A package name in the API's spelling: lower case, underscores."""
    if name.isidentifier() and name.islower():
        return name
    return re.sub(r"[\s\-]+", "_", name.strip()).lower()


def read_packages(raw: Any, column: Column, found: list[Violation]) -> tuple[str, ...]:
    """A customer's package list: each name checked, dependencies checked."""
    names = [fold_package(p) for p in _SEPARATORS.split(as_text(raw)) if p.strip()]
    unique = tuple(dict.fromkeys(names))
    found.extend(customer_package_violations(unique))
    return unique


def read_package(raw: Any, column: Column, found: list[Violation]) -> str:
    """A subscriber's package, normalised; checked against its customer by :class:`PackageCheck`."""
    return fold_package(as_text(raw))


class PackageCheck(RowCheck):
    """Subscriber packages against their customer's packages; calling needs a location."""

    sheets = frozenset({"Customers", "Locations", "Subscribers"})

    def __init__(self) -> None:
        super().__init__()
        self.packages: dict[str, tuple[str, ...]] = {}
        self.customers: list[CustomerRow] = []
        self.with_locations: set[str] = set()

    def row(self, sheet: str, row: TypedRow) -> Iterable[Finding]:
        """Remember customers and locations; check each subscriber's package."""
        if isinstance(row, CustomerRow):
            self.packages.setdefault(row.external_id, row.packages)
            self.customers.append(row)
        elif isinstance(row, LocationRow):
            self.with_locations.add(row.customer_external_id)
        elif isinstance(row, SubscriberRow) and row.package:
            owned = self.packages.get(row.customer_external_id)
            violations = subscriber_package_violations(
                row.package,
                owned if owned is not None else (row.package,),
                customer=row.customer_external_id,
                has_location=bool(row.location_name),
                has_number=bool(row.phone_number or row.extension),
            )
            return at(sheet, row.row, violations)
        return ()

    def end(self) -> Iterable[Finding]:
        """Customers with a calling package but no location on the Locations sheet."""
        if not self.ctx.sheet_read("Locations"):
            return []
        return [
            Finding(
                "Customers",
                c.row,
                Violation.of(
                    "calling-location-required",
                    "packages",
                    value=", ".join(c.packages),
                    reason=(
                        f"Customer '{c.external_id}' has a calling package but no location on the "
                        "Locations sheet; add its calling location there."
                    ),
                ),
            )
            for c in self.customers
            if c.action == "create"
            and not c.existing_org_id
            and needs_calling_location(c.packages)
            and c.external_id not in self.with_locations
        ]
