"""References between sheets: a location, subscriber or Setup Assist row names a customer on
the Customers sheet, and a subscriber or Setup Assist row names a location of that customer on
the Locations sheet. Sheets are read in template order, so the referenced rows are known. A
reference into a sheet that is missing from the workbook is not reported (``sheet-missing``
already is)."""

from __future__ import annotations

from collections.abc import Iterable

from bulk.checks.base import Finding, RowCheck
from bulk.rules.violations import Violation
from bulk.workbook.rows import AssistRow, CustomerRow, LocationRow, SubscriberRow, TypedRow


class ReferenceCheck(RowCheck):
    """Unknown customers and unknown locations."""

    sheets = frozenset({"Customers", "Locations", "Subscribers", "Setup Assist"})

    def __init__(self) -> None:
        super().__init__()
        self.customers: set[str] = set()
        self.locations: set[tuple[str, str]] = set()

    def row(self, sheet: str, row: TypedRow) -> Iterable[Finding]:
        """The row's references that point nowhere."""
        if isinstance(row, CustomerRow):
            self.customers.add(row.external_id)
            return ()
        found: list[Violation] = []
        customer = row.customer_external_id
        known = customer in self.customers
        if customer and not known and self.ctx.sheet_read("Customers"):
            found.append(
                Violation.of("ref-unknown-customer", "customer_external_id", value=customer)
            )
        if isinstance(row, LocationRow):
            self.locations.add((customer, row.name.casefold()))
        elif isinstance(row, (SubscriberRow, AssistRow)):
            name = row.location_name
            if (
                name
                and known
                and self.ctx.sheet_read("Locations")
                and (customer, name.casefold()) not in self.locations
            ):
                found.append(
                    Violation.of(
                        "ref-unknown-location", "location_name", value=name, customer=customer
                    )
                )
        return [Finding(sheet, row.row, v) for v in found]
