"""Keys that must be unique: customer External ID, location name per customer, subscriber
email (case-insensitive), phone number, and extension within its location. The first row
keeps the value; each later row is reported, naming the first."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bulk.checks.base import Finding, RowCheck
from bulk.rules.violations import Violation
from bulk.workbook.rows import CustomerRow, LocationRow, SubscriberRow, TypedRow


class DuplicateCheck(RowCheck):
    """Remembers every key it has seen (one dict per kind of key, keyed by the value itself so
    a million rows cost no extra strings) and reports repeats."""

    sheets = frozenset({"Customers", "Locations", "Subscribers"})

    def __init__(self) -> None:
        super().__init__()
        self.customers: dict[str, int] = {}
        self.locations: dict[tuple[str, str], int] = {}
        self.emails: dict[str, int] = {}
        self.phones: dict[str, int] = {}
        self.extensions: dict[tuple[str, str], dict[str, int]] = {}

    def row(self, sheet: str, row: TypedRow) -> Iterable[Finding]:
        """The row's keys that an earlier row already used."""
        if isinstance(row, SubscriberRow):
            return self._subscriber(sheet, row)
        if isinstance(row, CustomerRow) and row.external_id:
            other = _repeat(self.customers, row.external_id, row.row)
            if other:
                return [_key(sheet, row.row, "external_id", "External ID", row.external_id, other)]
        elif isinstance(row, LocationRow) and row.name:
            other = _repeat(
                self.locations, (row.customer_external_id, row.name.casefold()), row.row
            )
            if other:
                return [_key(sheet, row.row, "name", "Location Name", row.name, other)]
        return ()

    def _subscriber(self, sheet: str, row: SubscriberRow) -> list[Finding]:
        found: list[Violation] = []
        email = row.email
        if email:
            folded = email if email.isascii() and email.islower() else email.casefold()
            if other := _repeat(self.emails, folded, row.row):
                found.append(
                    Violation.of("row-duplicate-email", "email", value=email, other_row=other)
                )
        phone = row.phone_number
        if phone and (other := _repeat(self.phones, phone, row.row)):
            found.append(
                Violation.of("row-duplicate-phone", "phone_number", value=phone, other_row=other)
            )
        if row.extension:
            found += self._extension(row)
        return [Finding(sheet, row.row, v) for v in found] if found else []

    def _extension(self, row: SubscriberRow) -> list[Violation]:
        place = (row.customer_external_id, row.location_name.casefold())
        at_place = self.extensions.get(place)
        if at_place is None:
            at_place = self.extensions[place] = {}
        other = _repeat(at_place, row.extension, row.row)
        if not other:
            return []
        violation = Violation.of(
            "row-duplicate-extension",
            "extension",
            value=row.extension,
            location=row.location_name,
            other_row=other,
        )
        return [violation]


def _repeat(seen: dict[Any, int], key: Any, row: int) -> int | None:
    first = seen.setdefault(key, row)
    return None if first == row else first


def _key(sheet: str, row: int, field: str, column: str, value: str, other: int) -> Finding:
    violation = Violation.of(
        "row-duplicate-key", field, column=column, value=value, other_row=other
    )
    return Finding(sheet, row, violation)
