"""Whether a new Setup Assist request may be accepted, decided with :mod:`bulk.rules` so the
simulator and the offline validator report the same codes (docs/design.md §3):

1. the partner ordered A-Wholesale (``assist-not-entitled``) and is ready
   (``assist-partner-not-ready``);
2. the customer is the partner's (404 otherwise) and provisioned
   (``assist-customer-not-provisioned``);
3. the location is one of that customer's (``ref-unknown-location``);
4. the completion date is not past (``assist-date-past``) and at least six business days of the
   location's country after the simulator's date (``assist-deadline``), and the location has
   seats (``assist-no-seats``).

Each group is refused as a whole before the next is looked at; within group 4 every violation
is reported at once.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bulk.rules.assist import (
    AssistOrder,
    Readiness,
    assist_order,
    entitlement_violations,
    readiness_violations,
)
from bulk.rules.deadline import completion_date_violations
from bulk.rules.violations import RuleViolation, Violation
from simulator.auth import Principal
from simulator.db.tables import Customer, Location, Subscriber
from simulator.errors import not_found
from simulator.lifecycle import CUSTOMER_USABLE, CustomerStatus
from simulator.runtime import Runtime
from simulator.setup_assist.schemas import AssistRequestCreate
from simulator.setup_assist.tables import AssistEntitlement, AssistPartnerTerms

PROVISIONED = (*CUSTOMER_USABLE, CustomerStatus.UPDATING)
"""Customer statuses that count as provisioned for Setup Assist."""


@dataclass(frozen=True, slots=True)
class Admissible:
    """A request that passed every rule: where it is and what it orders."""

    customer: Customer
    location: Location
    order: AssistOrder
    country: str
    subdivision: str | None


def refuse_unless_partner_ready(session: Session, principal: Principal) -> None:
    """Entitlement first, then readiness."""
    entitled = session.get(AssistEntitlement, principal.partner_id) is not None
    found = entitlement_violations(entitled, principal.partner_name)
    if not found:
        terms = session.get(AssistPartnerTerms, principal.partner_id)
        found = readiness_violations(_readiness(terms))
    if found:
        raise RuleViolation(found)


def _readiness(terms: AssistPartnerTerms | None) -> Readiness:
    if terms is None:
        return Readiness(False, False, False)
    return Readiness(terms.pstn_connectivity, terms.hosting_requirements, terms.oss_bss)


def admit(
    session: Session, runtime: Runtime, principal: Principal, body: AssistRequestCreate
) -> Admissible:
    """Check a new request against every rule; raise the first group of violations."""
    refuse_unless_partner_ready(session, principal)
    customer = _provisioned_customer(session, runtime, principal, body.customer_id)
    location = session.get(Location, body.location_id)
    if location is None or location.org_id != customer.org_id:
        raise RuleViolation(
            [
                Violation.of(
                    "ref-unknown-location",
                    "locationId",
                    value=body.location_id,
                    customer=customer.external_id,
                )
            ]
        )
    country = str(location.address.get("country") or "").upper()
    subdivision = location.address.get("state") or None
    today = runtime.clock.now(runtime.store.state(session)).date()
    order, found = _order_and_deadline(session, location, body.requested_completion_date, today)
    if found or order is None:
        raise RuleViolation(found)
    return Admissible(customer, location, order, country, subdivision)


def _provisioned_customer(
    session: Session, runtime: Runtime, principal: Principal, customer_id: str
) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None or customer.partner_id != principal.partner_id:
        raise not_found("Customer", customer_id)
    if customer.status not in PROVISIONED:
        violation = Violation.of(
            "assist-customer-not-provisioned",
            "customerId",
            customer=customer.external_id,
            status=customer.status,
        )
        raise RuleViolation([violation])
    return customer


def _order_and_deadline(
    session: Session, location: Location, requested: date, today: date
) -> tuple[AssistOrder | None, list[Violation]]:
    country = str(location.address.get("country") or "")
    subdivision = location.address.get("state") or None
    found = completion_date_violations(
        requested, today, country, subdivision, field="requestedCompletionDate"
    )
    order = assist_order(seats_at(session, location.id), location.name)
    if isinstance(order, Violation):
        found.append(dataclasses.replace(order, field="locationId"))
        return None, found
    return order, found


def seats_at(session: Session, location_id: str) -> int:
    """Seats at a location: its subscribers that exist (removed ones are deleted rows)."""
    count = session.scalar(
        select(func.count()).select_from(Subscriber).where(Subscriber.location_id == location_id)
    )
    return int(count or 0)


__all__ = [
    "PROVISIONED",
    "Admissible",
    "admit",
    "refuse_unless_partner_ready",
    "seats_at",
]
