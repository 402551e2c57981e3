"""Wire models of ``/v1/wholesale/setupAssist`` (docs/design.md §7.1) and its control-plane routes.

Money travels as decimal strings (``"174.30"``), never as JSON numbers, so no client reads a
float. Dates are ``YYYY-MM-DD``; instants are Webex-style UTC timestamps.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, field_validator

from bulk.rules.assist import PhaseTemplate, TaskTemplate
from bulk.rules.fields import CHANNELS
from simulator.setup_assist import project
from simulator.setup_assist.project import RequestView
from simulator.setup_assist.tables import AssistEntitlement, AssistPartnerTerms, AssistTaskDone
from simulator.wire import WireModel, timestamp

Channel = Annotated[str, Field(json_schema_extra={"enum": list(CHANNELS)})]
"""The rulebook's channels (:data:`bulk.rules.fields.CHANNELS`); requests take any text and
the request checks refuse other values with the catalogue's code."""
Side = Literal["cisco", "partner"]
RequestStatus = Literal[
    "submitted", "accepted", "in_progress", "completed", "cancelled", "rejected"
]


class EntitlementOrder(WireModel):
    """Body of ``POST /entitlement``: the partner's A-Wholesale order."""

    sku: str
    quantity: int
    order_number: str = Field(min_length=1, max_length=200)


class EntitlementPublic(WireModel):
    """The partner's A-Wholesale order as stored."""

    sku: str
    quantity: int
    order_number: str
    ordered_at: str

    @classmethod
    def of(cls, row: AssistEntitlement) -> EntitlementPublic:
        """Serialise a stored order."""
        return cls(
            sku=row.sku,
            quantity=row.quantity,
            order_number=row.order_number,
            ordered_at=timestamp(row.ordered_at),
        )


class ReadinessBody(WireModel):
    """``GET|PUT /readiness``: the partner's onboarding items (all three required on PUT)."""

    pstn_connectivity: bool
    hosting_requirements: bool
    oss_bss: bool

    @classmethod
    def of(cls, row: AssistPartnerTerms | None) -> ReadinessBody:
        """The stored items (all ``false`` before the first PUT)."""
        if row is None:
            return cls(pstn_connectivity=False, hosting_requirements=False, oss_bss=False)
        return cls(
            pstn_connectivity=row.pstn_connectivity,
            hosting_requirements=row.hosting_requirements,
            oss_bss=row.oss_bss,
        )


class Contact(WireModel):
    """Who the Setup Assist team talks to at the customer."""

    name: str = Field(min_length=1)
    email: str = Field(min_length=1)
    phone: str | None = None


class AssistRequestCreate(WireModel):
    """Body of ``POST /requests``."""

    customer_id: str = Field(min_length=1)
    location_id: str = Field(min_length=1)
    requested_completion_date: date
    contact: Contact
    channel: Channel = "api"
    network_check_done: bool = False
    notes: str | None = None

    @field_validator("channel")
    @classmethod
    def _folded(cls, value: str) -> str:
        """Channels match case-insensitively (the rulebook's spelling is lower case)."""
        return value.lower()

    def canonical(self) -> dict[str, object]:
        """The body as stored and compared: every field, defaults filled in."""
        dumped: dict[str, object] = self.model_dump(mode="json", by_alias=True)
        return dumped

    def fingerprint(self) -> str:
        """A digest of :meth:`canonical`: equal for a retry of the same submission."""
        text = json.dumps(self.canonical(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


class TaskPublic(WireModel):
    """One task of a phase: whose it is, and whether (and when, and by whom) it is done."""

    id: str
    title: str
    side: Side
    done: bool
    done_at: str | None = None
    done_by: str | None = None


class PhasePublic(WireModel):
    """One project phase with its tasks and who still owes what."""

    number: int
    name: str
    status: Literal["pending", "in_progress", "completed"]
    duration_business_days: int
    started_at: str | None = None
    cisco_due_date: str | None = None
    completed_at: str | None = None
    owes: list[Side]
    tasks: list[TaskPublic]


class PhaseList(WireModel):
    """``{"items": [...]}`` of ``GET /requests/{id}/phases``."""

    items: list[PhasePublic]


class AssistRequestPublic(WireModel):
    """A Setup Assist request: the §7.1 response fields and what else a partner needs."""

    id: str
    customer_id: str
    external_customer_id: str
    location_id: str
    location_name: str
    seats: int
    sku: Literal["EXPRESS", "STANDARD"]
    quantity: int
    unit_net_price: str
    amount: str
    currency: str
    status: RequestStatus
    requested_completion_date: str
    earliest_completion_date: str
    submitted_at: str
    accepted_at: str | None = None
    completed_at: str | None = None
    closed_at: str | None = None
    current_phase: int | None = None
    contact: Contact
    channel: Channel
    network_check_done: bool
    notes: str | None = None
    phases: list[PhasePublic]


class AssistRequestList(WireModel):
    """``{"items": [...]}`` of ``GET /requests``."""

    items: list[AssistRequestPublic]


class AssistTerms(WireModel):
    """Control plane: a partner's Setup Assist terms (discount as a fraction, ``"0.30"``)."""

    discount: str

    @field_validator("discount")
    @classmethod
    def _fraction(cls, value: str) -> str:
        try:
            number = Decimal(value.strip())
        except ArithmeticError:
            raise ValueError("discount must be a decimal string such as 0.30") from None
        if not number.is_finite() or not Decimal(0) <= number <= 1:
            raise ValueError("discount must be between 0 and 1")
        return str(number)


class AssistAdvance(WireModel):
    """Control plane: how to move a request on. A submitted request is accepted (or, with
    ``status: rejected``, rejected); an active one gets its current phase's Cisco-side tasks
    done now (and the partner's too with ``partnerTasks: true``)."""

    status: Literal["accepted", "rejected"] | None = None
    partner_tasks: bool = False


class AssistAdvanced(WireModel):
    """The request's status and current phase after an advance."""

    id: str
    status: str
    current_phase: int | None = None


def _stamp(value: datetime | None) -> str | None:
    return None if value is None else timestamp(value)


def phases_public(view: RequestView) -> list[PhasePublic]:
    """Every phase of the request's project, with its tasks and who owes what."""
    request, done = view.request, view.done
    running = request.status in project.ACTIVE
    found = []
    phases = project.phases_of(request)
    for phase, (started, finished) in zip(phases, project.phase_times(request, done), strict=True):
        current = running and started is not None and finished is None
        tasks = [_task(task, side, done) for side, task in _sided(phase)]
        found.append(
            PhasePublic(
                number=phase.number,
                name=phase.name,
                status="completed" if finished else "in_progress" if current else "pending",
                duration_business_days=phase.duration_business_days,
                started_at=_stamp(started),
                cisco_due_date=(
                    project.cisco_due(request, phase, started).date().isoformat()
                    if started is not None
                    else None
                ),
                completed_at=_stamp(finished),
                owes=sorted({t.side for t in tasks if not t.done}) if current else [],
                tasks=tasks,
            )
        )
    return found


def _sided(phase: PhaseTemplate) -> list[tuple[Side, TaskTemplate]]:
    cisco: list[tuple[Side, TaskTemplate]] = [("cisco", t) for t in phase.cisco_tasks]
    return cisco + [("partner", t) for t in phase.partner_tasks]


def _task(task: TaskTemplate, side: Side, done: dict[str, AssistTaskDone]) -> TaskPublic:
    row = done.get(task.id)
    return TaskPublic(
        id=task.id,
        title=task.title,
        side=side,
        done=row is not None,
        done_at=_stamp(row.done_at) if row else None,
        done_by=row.done_by if row else None,
    )


def request_public(view: RequestView) -> AssistRequestPublic:
    """Serialise a request with its phases."""
    row = view.request
    body = row.body
    return AssistRequestPublic(
        id=row.id,
        customer_id=row.customer_id,
        external_customer_id=row.external_customer_id,
        location_id=row.location_id,
        location_name=row.location_name,
        seats=row.seats,
        sku=row.sku,
        quantity=row.quantity,
        unit_net_price=row.unit_net_price,
        amount=row.amount,
        currency=row.currency,
        status=row.status,
        requested_completion_date=row.requested_completion_date.isoformat(),
        earliest_completion_date=row.earliest_completion_date.isoformat(),
        submitted_at=timestamp(row.submitted_at),
        accepted_at=_stamp(row.accepted_at),
        completed_at=_stamp(row.completed_at),
        closed_at=_stamp(row.closed_at),
        current_phase=row.current_phase if row.status in project.ACTIVE else None,
        contact=Contact.model_validate(body["contact"]),
        channel=body["channel"],
        network_check_done=body["networkCheckDone"],
        notes=body.get("notes"),
        phases=phases_public(view),
    )
