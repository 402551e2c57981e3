"""What a scenario pack can say beyond "create this": later customer statuses, dated history,
more locations, Setup Assist requests in any phase, billing reports and faults.

Every step goes through the backends the API uses (customers, subscribers, locations, Setup
Assist, billing, control), so seeded data obeys every rule. Dated steps move the simulator
clock to their instant and back. Format (TOML; JSON has the same keys)::

    [faults]                                   # the fault plan in force once loaded
    seed = 7
    rules = [{ method = "*", route = "/v1/wholesale/*", status = 503, rate = 0.1 }]
    [[partners.customers]]
    status = "updating"                        # any customer status (provisioned, provisioning,
                                               # provisioned_with_errors, error, updating,
                                               # deleting, pending_rpl_review)
    provisionedAt = "2026-09-01T09:00:00Z"     # simulator time of provisioning (optional)
    [[partners.customers.locations]]           # more locations (the Locations API body)
    name = "Warehouse"
    timeZone = "America/New_York"
    preferredLanguage = "en_us"
    announcementLanguage = "en_us"
    [partners.customers.locations.address]
    address1 = "1 Dock St"
    city = "Albany"
    state = "NY"
    postalCode = "12207"
    country = "US"
    [[partners.customers.subscribers]]
    provisionedAt = "2026-10-05T09:00:00Z"     # billed from then (optional)
    packageChanges = [{ at = "2026-10-12T09:00:00Z", package = "webex_suite" }]
    removedAt = "2026-10-20T17:00:00Z"         # removed then (optional)
    [[partners.customers.assistRequests]]
    locationName = "Head Office"
    requestedCompletionDate = 2026-12-01
    contact = { name = "Dana Diaz", email = "dana@example.com" }
    status = "in_progress"                     # submitted, accepted, in_progress, completed,
                                               # cancelled or rejected
    phase = 3                                  # in_progress: the current phase
    ciscoDone = true                           # in_progress: the team finished its tasks of it
    submittedAt = "2026-11-17T10:00:00Z"       # simulator time of submission (optional)
    [[partners.billingReports]]                # created (and completed as the clock says)
    billingStartDate = 2026-10-01
    billingEndDate = 2026-10-31
    type = "CUSTOMER"
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Literal

from pydantic import Field
from sqlalchemy import select

from simulator.auth import Principal
from simulator.billing.models import BillingBackend
from simulator.billing.schemas import ReportCreate
from simulator.control.models import ControlBackend
from simulator.customers.models import CustomersBackend
from simulator.customers.schemas import CustomerUpdate
from simulator.db.tables import Location
from simulator.errors import SimulatorError, invalid
from simulator.lifecycle import CustomerStatus as Status
from simulator.locations.models import LocationsBackend
from simulator.locations.schemas import LocationCreate
from simulator.runtime import Runtime
from simulator.setup_assist.models import AssistControl, SetupAssistBackend
from simulator.setup_assist.project import phases_of
from simulator.setup_assist.schemas import (
    AssistAdvance,
    AssistRequestCreate,
    Channel,
    Contact,
    RequestStatus,
)
from simulator.subscribers.models import SubscribersBackend
from simulator.subscribers.schemas import SubscriberUpdate
from simulator.wire import SubscriberPackage, WireModel

CustomerStatus = Literal[
    "provisioned",
    "provisioning",
    "provisioned_with_errors",
    "error",
    "updating",
    "deleting",
    "pending_rpl_review",
]
FINISHED_AS = {
    "provisioned_with_errors": "provisioned_with_errors",
    "error": "error",
    "pending_rpl_review": "pending_rpl_review",
}
"""Statuses a freshly provisioned customer is completed to directly (others: provisioned)."""


class ScenarioPackageChange(WireModel):
    """A subscriber's package changed at a simulator instant."""

    at: datetime
    package: SubscriberPackage


class SubscriberHistory(WireModel):
    """When a seeded subscriber was provisioned, changed package and was removed."""

    provisioned_at: datetime | None = None
    package_changes: list[ScenarioPackageChange] = Field(default_factory=list)
    removed_at: datetime | None = None


class ScenarioAssistRequest(WireModel):
    """A Setup Assist request for one of the customer's locations, and how far it got."""

    location_name: str
    requested_completion_date: date
    contact: Contact
    channel: Channel = "api"
    network_check_done: bool = True
    notes: str | None = None
    submitted_at: datetime | None = None
    status: RequestStatus = "accepted"
    phase: int = Field(default=1, ge=1)
    cisco_done: bool = False


class CustomerSteps(WireModel):
    """A seeded customer's dated provisioning, more locations and Setup Assist requests."""

    provisioned_at: datetime | None = None
    locations: list[LocationCreate] = Field(default_factory=list)
    assist_requests: list[ScenarioAssistRequest] = Field(default_factory=list)


def completed_status(status: CustomerStatus) -> Status:
    """The status a seeded customer's provisioning completes to before any later step."""
    return Status(FINISHED_AS.get(status, Status.PROVISIONED))


@contextmanager
def clock_at(runtime: Runtime, instant: datetime | None) -> Iterator[None]:
    """Run the block with the simulator clock reading ``instant`` (no move for None); the
    clock's offset is put back afterwards."""
    if instant is None:
        yield
        return
    with runtime.store.transaction() as session:
        state = runtime.store.state(session)
        offset = state.clock_offset_seconds
        runtime.clock.set(state, instant)
    try:
        yield
    finally:
        with runtime.store.transaction() as session:
            runtime.store.state(session).clock_offset_seconds = offset


def location_named(runtime: Runtime, org_id: str, name: str) -> str:
    """The id of the org's location called ``name`` (a malformed pack if there is none)."""
    with runtime.store.transaction() as session:
        found = session.scalar(
            select(Location.id).where(Location.org_id == org_id, Location.name == name)
        )
    if found is None:
        raise SimulatorError(
            "api-invalid-request", reason=f"scenario names unknown location '{name}'"
        )
    return found


def add_locations(
    runtime: Runtime, principal: Principal, org_id: str, locations: list[LocationCreate]
) -> None:
    """Create the customer's further locations through the Locations backend."""
    backend = LocationsBackend(runtime, principal)
    for body in locations:
        backend.create(org_id, body)


def play_subscriber_history(
    runtime: Runtime, principal: Principal, subscriber_id: str, history: SubscriberHistory
) -> None:
    """Change the subscriber's package and remove it at the pack's instants."""
    backend = SubscribersBackend(runtime, principal)
    for change in sorted(history.package_changes, key=lambda c: c.at):
        with clock_at(runtime, change.at):
            backend.update(subscriber_id, SubscriberUpdate(packages=[change.package]), None)
    if history.removed_at is not None:
        with clock_at(runtime, history.removed_at):
            backend.remove(subscriber_id, None)


def play_later_status(
    runtime: Runtime, principal: Principal, customer_id: str, status: CustomerStatus
) -> None:
    """Leave a provisioned customer ``updating`` or ``deleting`` (other statuses: nothing)."""
    backend = CustomersBackend(runtime, principal)
    if status == "updating":
        current = backend.get(customer_id, None)
        backend.update(customer_id, CustomerUpdate(packages=list(current.packages)), None)
    elif status == "deleting":
        backend.remove(customer_id, None)


def submit_assist_requests(
    runtime: Runtime, principal: Principal, customer_id: str, org_id: str, spec: CustomerSteps
) -> int:
    """Submit the customer's Setup Assist requests and move each as far as the pack says;
    returns how many were submitted."""
    for request in spec.assist_requests:
        body = AssistRequestCreate(
            customer_id=customer_id,
            location_id=location_named(runtime, org_id, request.location_name),
            requested_completion_date=request.requested_completion_date,
            contact=request.contact,
            channel=request.channel,
            network_check_done=request.network_check_done,
            notes=request.notes,
        )
        _submit(runtime, principal, body, request)
    return len(spec.assist_requests)


def _submit(
    runtime: Runtime, principal: Principal, body: AssistRequestCreate, spec: ScenarioAssistRequest
) -> None:
    control = ControlBackend(runtime)
    mode, delay = control.transitions()
    held = spec.status in ("submitted", "rejected")
    if held:
        # Manual mode keeps the lifecycle engine from accepting the request on submission.
        control.set_transitions("manual", delay, move_due=False)
    try:
        with clock_at(runtime, spec.submitted_at):
            view, _ = SetupAssistBackend(runtime, principal).submit(body)
        if spec.status == "rejected":
            AssistControl(runtime).advance(view.request.id, AssistAdvance(status="rejected"))
    finally:
        if held:
            control.set_transitions(mode, delay, move_due=False)
    _progress(runtime, principal, view.request.id, spec)


def _progress(
    runtime: Runtime, principal: Principal, request_id: str, spec: ScenarioAssistRequest
) -> None:
    control = AssistControl(runtime)
    if spec.status == "cancelled":
        SetupAssistBackend(runtime, principal).cancel(request_id)
    elif spec.status == "completed":
        view = SetupAssistBackend(runtime, principal).get(request_id)
        for _ in phases_of(view.request):
            control.advance(request_id, AssistAdvance(partner_tasks=True))
    elif spec.status == "in_progress":
        view = SetupAssistBackend(runtime, principal).get(request_id)
        if spec.phase > len(phases_of(view.request)):
            raise invalid(
                f"a {view.request.sku} project has {len(phases_of(view.request))} phases, "
                f"not {spec.phase}",
                "phase",
            )
        for _ in range(spec.phase - 1):
            control.advance(request_id, AssistAdvance(partner_tasks=True))
        if spec.cisco_done:
            control.advance(request_id, AssistAdvance())


def create_reports(runtime: Runtime, principal: Principal, reports: list[ReportCreate]) -> None:
    """Create the partner's billing reports (they complete as the transition mode says)."""
    backend = BillingBackend(runtime, principal)
    for body in reports:
        backend.create(body)


__all__ = [
    "CustomerStatus",
    "CustomerSteps",
    "ScenarioAssistRequest",
    "ScenarioPackageChange",
    "SubscriberHistory",
    "add_locations",
    "clock_at",
    "completed_status",
    "create_reports",
    "location_named",
    "play_later_status",
    "play_subscriber_history",
    "submit_assist_requests",
]
