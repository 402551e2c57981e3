"""Keys that must be unique: customer External ID, location name per customer, subscriber
email (case-insensitive), phone number, and extension within its location. The first row
keeps the value; each later row is reported, naming the first."""

from __future__ import annotations

from collections.abc import Iterable

from bulk.checks.base import Finding, RowCheck
from bulk.rules.violations import Violation
from bulk.workbook.rows import CustomerRow, LocationRow, SubscriberRow, TypedRow


class DuplicateCheck(RowCheck):
    """Remembers every key it has seen and reports repeats."""

    sheets = frozenset({"Customers", "Locations", "Subscribers"})

    def __init__(self) -> None:
        super().__init__()
        self.seen: dict[tuple[str, ...], int] = {}

    def _repeat(self, key: tuple[str, ...], row: int) -> int | None:
        first = self.seen.setdefault(key, row)
        return None if first == row else first

    def row(self, sheet: str, row: TypedRow) -> Iterable[Finding]:
        """The row's keys that an earlier row already used."""
        if isinstance(row, SubscriberRow):
            return self._subscriber(sheet, row)
        found: list[Finding] = []
        if isinstance(row, CustomerRow) and row.external_id:
            other = self._repeat(("customer", row.external_id), row.row)
            if other:
                found.append(
                    self._key(sheet, row.row, "external_id", "External ID", row.external_id, other)
                )
        elif isinstance(row, LocationRow) and row.name:
            other = self._repeat(
                ("location", row.customer_external_id, row.name.casefold()), row.row
            )
            if other:
                found.append(self._key(sheet, row.row, "name", "Location Name", row.name, other))
        return found

    @staticmethod
    def _key(sheet: str, row: int, field: str, column: str, value: str, other: int) -> Finding:
        violation = Violation.of(
            "row-duplicate-key", field, column=column, value=value, other_row=other
        )
        return Finding(sheet, row, violation)

    def _subscriber(self, sheet: str, row: SubscriberRow) -> list[Finding]:
        found: list[Finding] = []
        if row.email and (other := self._repeat(("email", row.email.casefold()), row.row)):
            found.append(
                Finding(
                    sheet,
                    row.row,
                    Violation.of("row-duplicate-email", "email", value=row.email, other_row=other),
                )
            )
        if row.phone_number and (other := self._repeat(("phone", row.phone_number), row.row)):
            violation = Violation.of(
                "row-duplicate-phone", "phone_number", value=row.phone_number, other_row=other
            )
            found.append(Finding(sheet, row.row, violation))
        if row.extension:
            key = (
                "extension",
                row.customer_external_id,
                row.location_name.casefold(),
                row.extension,
            )
            if other := self._repeat(key, row.row):
                violation = Violation.of(
                    "row-duplicate-extension",
                    "extension",
                    value=row.extension,
                    location=row.location_name,
                    other_row=other,
                )
                found.append(Finding(sheet, row.row, violation))
        return found
