"""One difference between the billing report and the journal, with the catalogue's code.

``amount`` is the money at stake, in the price book's currency: for a one-time charge the
amount charged too much (positive) or too little (negative); for packages the net monthly price
× the units in question (an estimate: the report charges units, the price book lists monthly
prices).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bulk.rules.catalogue import CATALOGUE, Severity

DIFFERENCE_FIELDS: tuple[str, ...] = (
    "code",
    "severity",
    "customer_external_id",
    "customer_id",
    "location",
    "subscriber",
    "item",
    "expected",
    "charged",
    "amount",
    "currency",
    "report_line",
    "message",
)
"""Column order of the JSON objects and of the workbook's Differences sheet."""


@dataclass(frozen=True, slots=True)
class Difference:
    """A charge the report and the journal disagree about."""

    code: str
    customer_external_id: str
    customer_id: str
    location: str
    subscriber: str
    item: str
    expected: str
    charged: str
    amount: Decimal | None
    currency: str
    report_line: int | None
    message: str

    @property
    def severity(self) -> Severity:
        """The catalogue's severity for this code."""
        return CATALOGUE[self.code].severity

    @property
    def sort_key(self) -> tuple[str, str, str, str, str]:
        """Customer, location, subscriber, item, code."""
        return (self.customer_external_id, self.location, self.subscriber, self.item, self.code)

    def to_json(self) -> dict[str, Any]:
        """A JSON object (money as a decimal string)."""
        values = {name: getattr(self, name) for name in DIFFERENCE_FIELDS}
        values["severity"] = str(self.severity)
        values["amount"] = None if self.amount is None else str(self.amount)
        return values


@dataclass(frozen=True, slots=True)
class Where:
    """Who a difference is about."""

    customer_external_id: str
    customer_id: str = ""
    location: str = ""
    subscriber: str = ""


def difference(
    code: str,
    where: Where,
    item: str,
    *,
    expected: str,
    charged: str,
    amount: Decimal | None,
    currency: str,
    report_line: int | None = None,
) -> Difference:
    """A difference whose message is the catalogue's template filled in."""
    place = ""
    if where.location:
        place += f" at location '{where.location}'"
    if where.subscriber:
        place += f" for subscriber {where.subscriber}"
    message = CATALOGUE[code].message(
        item=item,
        customer=where.customer_external_id or where.customer_id,
        where=place,
        expected=expected,
        charged=charged,
    )
    return Difference(
        code,
        where.customer_external_id,
        where.customer_id,
        where.location,
        where.subscriber,
        item,
        expected,
        charged,
        amount,
        currency,
        report_line,
        message,
    )
