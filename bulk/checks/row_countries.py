"""The row's country, for the fixes that read a value the way its country writes it: a phone
number without its ``+`` (:func:`bulk.rules.values.phone_fix`) and a date typed as text
(:func:`bulk.rules.values.date_fix`).

A customer or location row has its own country; a subscriber or Setup Assist row takes its
location's (the Locations sheet is read before them), else its customer's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bulk.checks.base import Finding, RowCheck
from bulk.rules.repairs import Fix
from bulk.rules.values import date_fix, phone_fix
from bulk.rules.verdicts import country_codes
from bulk.rules.violations import Violation
from bulk.workbook.rows import AssistRow, CustomerRow, LocationRow, SubscriberRow, TypedRow

__all__ = ["COUNTRY_FIXES", "RowCountries"]

COUNTRY_FIXES: dict[str, Callable[[str, str | None], Fix | None]] = {
    "cell-invalid-phone": phone_fix,
    "cell-invalid-date": date_fix,
}
"""The codes whose fix depends on the row's country, and the rule that makes it."""


class RowCountries(RowCheck):
    """Remembers each customer's and location's country (it reports nothing itself)."""

    sheets = frozenset({"Customers", "Locations"})

    def __init__(self) -> None:
        super().__init__()
        self.customers: dict[str, str] = {}
        self.locations: dict[tuple[str, str], str] = {}

    def row(self, sheet: str, row: TypedRow) -> Iterable[Finding]:
        """Remember the row's country when it is a valid one."""
        country = self.country_of(row)
        if country is not None and isinstance(row, CustomerRow):
            self.customers.setdefault(row.external_id, country)
        elif country is not None and isinstance(row, LocationRow):
            self.locations.setdefault((row.customer_external_id, row.name.casefold()), country)
        return ()

    def country_of(self, row: TypedRow) -> str | None:
        """The row's country (its own, its location's or its customer's), if known and valid."""
        if isinstance(row, (CustomerRow, LocationRow)):
            return row.country if row.country in country_codes() else None
        if isinstance(row, (SubscriberRow, AssistRow)):
            key = (row.customer_external_id, row.location_name.casefold())
            return self.locations.get(key) or self.customers.get(row.customer_external_id)
        return None

    def repaired(self, violation: Violation, row: TypedRow) -> Violation:
        """``violation`` with the fix its rule offers in the row's country, if any."""
        repair = COUNTRY_FIXES.get(violation.code)
        if repair is None or violation.fix is not None:
            return violation
        value = str(violation.params.get("value", ""))
        return violation.repaired(repair(value, self.country_of(row)))
