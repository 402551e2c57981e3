"""Setup Assist's one-time charges for a billing report (docs/design.md §3 item 7).

A request is charged once, on the day it was accepted (UTC), at the price it was submitted at:
Express quantity 1, Standard quantity = seats. The charge is read from the request row, so a
retried submission (which answers the same row) can never add a second one. A request accepted
and later cancelled keeps its charge; one rejected or cancelled before acceptance has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bulk.rules.assist import AssistOrder, AssistSku
from bulk.rules.billing import OneTimeLine, Period, assist_line
from bulk.rules.money import Charge
from simulator.db.tables import BillingReport
from simulator.setup_assist.tables import AssistRequest


@dataclass(frozen=True, slots=True)
class AssistCharge:
    """A one-time line and what the CSV shows beside it."""

    line: OneTimeLine
    request_id: str
    external_customer_id: str
    location_name: str


def accepted_charges(session: Session, report: BillingReport) -> list[AssistCharge]:
    """The charges of the report's partner (and sub-partner) accepted within its period (the
    lifecycle engine moved every request due before the report, in time order)."""
    period = Period(report.billing_start_date, report.billing_end_date)
    query = select(AssistRequest).where(
        AssistRequest.partner_id == report.partner_id,
        AssistRequest.accepted_at >= _midnight(period.start),
        AssistRequest.accepted_at < _midnight(period.end + timedelta(days=1)),
    )
    if report.sub_partner_org_id:
        query = query.where(AssistRequest.sub_partner_org_id == report.sub_partner_org_id)
    rows = session.scalars(query.order_by(AssistRequest.accepted_at, AssistRequest.id))
    return [_charge(row) for row in rows]


def _charge(row: AssistRequest) -> AssistCharge:
    assert row.accepted_at is not None
    order = AssistOrder(AssistSku(row.sku), row.quantity, row.seats)
    charge = Charge(Decimal(row.unit_net_price), row.quantity, Decimal(row.amount), row.currency)
    line = assist_line(row.customer_id, row.location_id, order, charge, row.accepted_at.date())
    return AssistCharge(line, row.id, row.external_customer_id, row.location_name)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


__all__ = [
    "AssistCharge",
    "accepted_charges",
]
