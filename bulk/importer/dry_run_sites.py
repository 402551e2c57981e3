"""The dry run's checks of locations and Setup Assist requests, from the workbook's plan and
what the API holds for the customer (read beforehand by :mod:`bulk.importer.dry_run`).

The API has no precheck for either, so the dry run works out what the import will meet:

* locations: names unique within their customer, one already on the server is reused, and
  every subscriber with a calling package names a location that will exist;
* Setup Assist: the partner's A-Wholesale entitlement and readiness (``GET`` on both), the
  location, the seats (existing subscribers at the location and the workbook's), the SKU they
  give and the deadline for the submission date, as the server computes them
  (:mod:`bulk.rules.assist`, :mod:`bulk.rules.deadline`).

A row whose answer depends on something the dry run could not read is ``not checked``, with why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bulk.client.models import AssistRequest, Location, Subscriber
from bulk.importer.outcome import Failure, RowOutcome
from bulk.importer.plan import AssistStep, CustomerPlan, SubscriberStep
from bulk.rules.assist import AssistOrder, assist_order
from bulk.rules.catalogue import CATALOGUE
from bulk.rules.deadline import completion_date_violations, earliest_completion_date
from bulk.rules.packages import CALLING_PACKAGES
from bulk.rules.violations import Violation
from bulk.schema import LOCATIONS, SETUP_ASSIST

__all__ = [
    "AssistGate",
    "ServerSide",
    "assist_outcome",
    "location_outcomes",
    "subscriber_location_failure",
]


@dataclass(frozen=True, slots=True)
class ServerSide:
    """What the API holds for one customer: nothing for a new one; ``unknown`` says why it
    could not be read."""

    customer_id: str | None = None
    locations: tuple[Location, ...] = ()
    subscribers: tuple[Subscriber, ...] = ()
    unknown: str | None = None

    def location(self, name: str) -> Location | None:
        """The server's location of this name (case-insensitive)."""
        folded = name.casefold()
        return next((loc for loc in self.locations if loc.name.casefold() == folded), None)


@dataclass(frozen=True, slots=True)
class AssistGate:
    """The partner's Setup Assist standing: the failure every request would meet (not
    entitled, not ready), or why the dry run could not read it."""

    failure: Failure | None = None
    unknown: str | None = None


def _workbook_names(plan: CustomerPlan) -> set[str]:
    return {step.row.name.casefold() for step in plan.locations}


def location_outcomes(plan: CustomerPlan, server: ServerSide) -> list[RowOutcome]:
    """Every Locations row of a customer: a repeated name fails, a name on the server is
    reused (``exists``), any other will be created (``checked``)."""
    seen: dict[str, int] = {}
    found: list[RowOutcome] = []
    for step in plan.locations:
        row, folded = step.row, step.row.name.casefold()
        if folded in seen:
            failure = Failure.of(
                "row-duplicate-key", column="Location Name", value=row.name, other_row=seen[folded]
            )
            found.append(_failed(LOCATIONS.name, row.row, step.key, failure))
            continue
        seen[folded] = row.row
        if server.unknown and server.customer_id:
            found.append(_unchecked(LOCATIONS.name, row.row, step.key, server.unknown))
        elif server.location(row.name) is not None:
            found.append(RowOutcome(LOCATIONS.name, row.row, step.key, "exists"))
        else:
            found.append(
                RowOutcome(LOCATIONS.name, row.row, step.key, "checked", detail="will be created")
            )
    return found


def subscriber_location_failure(
    plan: CustomerPlan, step: SubscriberStep, server: ServerSide
) -> Failure | None:
    """Why a subscriber with a calling package has no calling location, else ``None``."""
    row = step.row
    if row.action == "delete" or row.package not in CALLING_PACKAGES:
        return None
    if not row.location_name:
        reason = (
            f"Subscriber '{row.email}' has the calling package '{row.package}' but no location."
        )
        return Failure.of("calling-location-required", reason=reason)
    known = row.location_name.casefold() in _workbook_names(plan)
    if known or server.location(row.location_name) is not None or server.unknown:
        return None
    return Failure.of("ref-unknown-location", value=row.location_name, customer=plan.external_id)


def seats_at(plan: CustomerPlan, server: ServerSide, name: str) -> int:
    """Subscribers at location ``name`` once the workbook is imported: those the server has
    there, less the workbook's deletions and moves, plus the workbook's own."""
    folded = name.casefold()
    location = server.location(name)
    there = {
        s.email.casefold()
        for s in server.subscribers
        if location is not None and s.raw.get("locationId") == location.id
    }
    for step in plan.subscribers:
        email = step.row.email.casefold()
        if step.row.action == "delete" or step.row.location_name.casefold() != folded:
            there.discard(email)
        else:
            there.add(email)
    return len(there)


def assist_outcome(
    plan: CustomerPlan,
    step: AssistStep,
    server: ServerSide,
    gate: AssistGate,
    submitted_on: date,
    existing: AssistRequest | None = None,
) -> RowOutcome:
    """What the API will answer to this Setup Assist request, worked out in advance."""
    row, sheet = step.row, SETUP_ASSIST.name
    if gate.failure is not None:
        return _failed(sheet, row.row, step.key, gate.failure)
    if gate.unknown is not None:
        return _unchecked(sheet, row.row, step.key, gate.unknown)
    if existing is not None:
        detail = f"already requested: {existing.sku} × {existing.quantity} ({existing.status})"
        return RowOutcome(sheet, row.row, step.key, "exists", existing.id, detail=detail)
    if server.unknown and server.customer_id:
        return _unchecked(sheet, row.row, step.key, server.unknown)
    place = _place(plan, server, row.location_name)
    if place is None:
        failure = Failure.of(
            "ref-unknown-location", value=row.location_name, customer=plan.external_id
        )
        return _failed(sheet, row.row, step.key, failure)
    order = assist_order(seats_at(plan, server, row.location_name), row.location_name)
    if isinstance(order, Violation):
        return _failed(sheet, row.row, step.key, _failure(order))
    return _dated(step, order, place, submitted_on)


def _dated(
    step: AssistStep, order: AssistOrder, place: tuple[str, str | None], submitted_on: date
) -> RowOutcome:
    row, sheet = step.row, SETUP_ASSIST.name
    if row.requested_completion_date is None:
        return _unchecked(sheet, row.row, step.key, "the row has no requested completion date")
    country, subdivision = place
    found = completion_date_violations(
        row.requested_completion_date, submitted_on, country, subdivision
    )
    if found:
        return _failed(sheet, row.row, step.key, _failure(found[0]))
    earliest = earliest_completion_date(submitted_on, country, subdivision)
    detail = (
        f"{order.sku.value} × {order.quantity} ({order.seats} seat{_plural(order.seats)});"
        f" earliest completion {earliest.isoformat()} when submitted on {submitted_on.isoformat()}"
    )
    return RowOutcome(sheet, row.row, step.key, "checked", detail=detail)


def _plural(count: int) -> str:
    return "" if count == 1 else "s"


def _place(plan: CustomerPlan, server: ServerSide, name: str) -> tuple[str, str | None] | None:
    """Country and subdivision of the location the request names, or ``None`` when neither
    the workbook nor the server has it."""
    folded = name.casefold()
    for step in plan.locations:
        if step.row.name.casefold() == folded:
            return step.row.country.upper(), step.row.state or None
    location = server.location(name)
    if location is None:
        return None
    address = location.raw.get("address") or {}
    return str(address.get("country") or "").upper(), address.get("state") or None


def _failure(violation: Violation) -> Failure:
    return Failure(violation.code, violation.message, CATALOGUE[violation.code].http_status)


def _failed(sheet: str, row: int, key: str, failure: Failure) -> RowOutcome:
    return RowOutcome(sheet, row, key, "failed", None, failure.code, failure.message)


def _unchecked(sheet: str, row: int, key: str, why: str) -> RowOutcome:
    return RowOutcome(sheet, row, key, "not checked", detail=why)
