"""Setup Assist rows (docs/design.md §3): seats from the Subscribers sheet, the SKU and price, the
six-business-day deadline against ``--as-of``, one request per location, the network check,
and, with a partner profile, entitlement and readiness.

``assist-customer-not-provisioned`` and ``a-wholesale-quantity`` are decided by the server
(the simulator), not here: the workbook cannot know what is provisioned or already ordered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from bulk.checks.base import Finding, RowCheck, at
from bulk.rules.assist import (
    AssistOrder,
    assist_order,
    entitlement_violations,
    readiness_violations,
)
from bulk.rules.deadline import completion_date_violations, earliest_completion_date
from bulk.rules.money import assist_charge
from bulk.rules.violations import Violation
from bulk.workbook.rows import AssistRow, LocationRow, SubscriberRow, TypedRow


@dataclass(frozen=True, slots=True)
class AssistLine:
    """What a Setup Assist row will order: derived, never chosen."""

    row: int
    customer_external_id: str
    location_name: str
    seats: int
    sku: str
    quantity: int
    earliest_completion_date: dt.date
    net_price: Decimal | None
    currency: str


class AssistCheck(RowCheck):
    """Checks every Setup Assist row and derives its :class:`AssistLine`."""

    sheets = frozenset({"Locations", "Subscribers", "Setup Assist"})

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[AssistLine] = []
        self.locations: dict[tuple[str, str], LocationRow] = {}
        self.requested: dict[tuple[str, str], int] = {}
        self._seats: Counter[tuple[str, str]] = Counter()

    def seats(self, customer: str, location: str) -> int:
        """Subscribers (not being deleted) at a customer's location on the Subscribers sheet
        (read before the Setup Assist sheet, so counted as its rows pass: no row is kept)."""
        return self._seats[(customer, location.casefold())]

    def row(self, sheet: str, row: TypedRow) -> Iterable[Finding]:
        """Remember locations, count seats; check each Setup Assist row."""
        if isinstance(row, SubscriberRow):
            if row.action != "delete" and row.location_name:
                self._seats[(row.customer_external_id, row.location_name.casefold())] += 1
            return ()
        if isinstance(row, LocationRow):
            self.locations.setdefault((row.customer_external_id, row.name.casefold()), row)
            return ()
        if not isinstance(row, AssistRow):
            return ()
        found = self._request(row)
        found += self._partner()
        if row.network_check_done is not True:
            found.append(
                Violation.of(
                    "assist-network-check", "network_check_done", location=row.location_name
                )
            )
        return at(sheet, row.row, found)

    def _partner(self) -> list[Violation]:
        partner = self.ctx.partner
        if partner is None:
            return []
        found = entitlement_violations(partner.a_wholesale_ordered, partner.name)
        found += readiness_violations(partner.readiness)
        return [dataclasses.replace(v, field="customer_external_id") for v in found]

    def _request(self, row: AssistRow) -> list[Violation]:
        if not row.customer_external_id or not row.location_name:
            return []
        key = (row.customer_external_id, row.location_name.casefold())
        first = self.requested.setdefault(key, row.row)
        if first != row.row:
            where = f" on row {first}"
            return [
                Violation.of(
                    "assist-duplicate", "location_name", location=row.location_name, where=where
                )
            ]
        location = self.locations.get(key)
        if location is None:
            return []
        order = assist_order(self.seats(*key), row.location_name)
        found: list[Violation] = [order] if isinstance(order, Violation) else []
        subdivision = location.state or None
        if row.requested_completion_date is not None:
            found += completion_date_violations(
                row.requested_completion_date, self.ctx.as_of, location.country, subdivision
            )
        if isinstance(order, AssistOrder):
            self.lines.append(self._line(row, order, location))
        return found

    def _line(self, row: AssistRow, order: AssistOrder, location: LocationRow) -> AssistLine:
        context = self.ctx
        earliest = earliest_completion_date(context.as_of, location.country, location.state or None)
        price: Decimal | None = None
        currency = ""
        if context.pricebook is not None:
            discount = context.partner.discount if context.partner else Decimal(0)
            charge = assist_charge(order, context.pricebook, discount)
            price, currency = charge.amount, charge.currency
        return AssistLine(
            row.row,
            row.customer_external_id,
            location.name,
            order.seats,
            order.sku.value,
            order.quantity,
            earliest,
            price,
            currency,
        )
