"""HTTP routes of ``/v1/wholesale/setupAssist`` (partner tokens) and ``/_sim/assist`` (admin).

Parse, call one backend method, serialise: the rules live in the backend and in ``bulk.rules``.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from simulator.auth import Principal, Scope, require
from simulator.control.models import ControlBackend
from simulator.control.routes import control
from simulator.paging import Window, set_next_link
from simulator.runtime import Runtime, runtime_of
from simulator.setup_assist.models import AssistControl, SetupAssistBackend
from simulator.setup_assist.schemas import (
    AssistAdvance,
    AssistRequestCreate,
    AssistRequestList,
    AssistRequestPublic,
    AssistTerms,
    EntitlementOrder,
    EntitlementPublic,
    PhaseList,
    ReadinessBody,
    phases_public,
    request_public,
)

router = APIRouter(prefix="/wholesale/setupAssist", tags=["Setup Assist"])
control_router = APIRouter(prefix="/assist", tags=["Simulator control plane"])
READ = Depends(require(Scope.SETUP_ASSIST_READ))
WRITE = Depends(require(Scope.SETUP_ASSIST_WRITE))
RUNTIME = Depends(runtime_of)


@router.get("/entitlement")
def get_entitlement(runtime: Runtime = RUNTIME, principal: Principal = READ) -> EntitlementPublic:
    """The partner's A-Wholesale order (404 before any)."""
    return EntitlementPublic.of(SetupAssistBackend(runtime, principal).entitlement())


@router.post("/entitlement", status_code=201)
def order_entitlement(
    body: EntitlementOrder, runtime: Runtime = RUNTIME, principal: Principal = WRITE
) -> EntitlementPublic:
    """Order A-Wholesale: once per partner, quantity 1."""
    return EntitlementPublic.of(SetupAssistBackend(runtime, principal).order_entitlement(body))


@router.get("/readiness")
def get_readiness(runtime: Runtime = RUNTIME, principal: Principal = READ) -> ReadinessBody:
    """The partner's onboarding items."""
    return ReadinessBody.of(SetupAssistBackend(runtime, principal).readiness())


@router.put("/readiness")
def put_readiness(
    body: ReadinessBody, runtime: Runtime = RUNTIME, principal: Principal = WRITE
) -> ReadinessBody:
    """Replace the partner's onboarding items."""
    return ReadinessBody.of(SetupAssistBackend(runtime, principal).set_readiness(body))


@router.post("/requests", status_code=201, response_model_exclude_none=True)
def submit_request(
    body: AssistRequestCreate,
    request: Request,
    response: Response,
    runtime: Runtime = RUNTIME,
    principal: Principal = WRITE,
) -> AssistRequestPublic:
    """Submit a request (201); the same body again answers the existing request (200)."""
    view, created = SetupAssistBackend(runtime, principal).submit(body)
    response.status_code = 201 if created else 200
    response.headers["Location"] = str(request.url_for("get_request", requestId=view.request.id))
    return request_public(view)


@router.get("/requests", response_model_exclude_none=True)
def list_requests(
    request: Request,
    response: Response,
    customerId: str | None = None,
    status: str | None = None,
    offset: str | None = None,
    max: str | None = None,
    runtime: Runtime = RUNTIME,
    principal: Principal = READ,
) -> AssistRequestList:
    """The partner's requests, filtered by customer and status (``max`` up to 100)."""
    window = Window.parse(offset, max, default=100, cap=100)
    page = SetupAssistBackend(runtime, principal).list(customerId, status, window)
    set_next_link(request, response, page)
    return AssistRequestList(items=[request_public(v) for v in page.items])


@router.get("/requests/{requestId}", response_model_exclude_none=True)
def get_request(
    requestId: str, runtime: Runtime = RUNTIME, principal: Principal = READ
) -> AssistRequestPublic:
    """One request."""
    return request_public(SetupAssistBackend(runtime, principal).get(requestId))


@router.post("/requests/{requestId}/cancel", response_model_exclude_none=True)
def cancel_request(
    requestId: str, runtime: Runtime = RUNTIME, principal: Principal = WRITE
) -> AssistRequestPublic:
    """Cancel a request that is not completed."""
    return request_public(SetupAssistBackend(runtime, principal).cancel(requestId))


@router.get("/requests/{requestId}/phases", response_model_exclude_none=True)
def list_phases(
    requestId: str, runtime: Runtime = RUNTIME, principal: Principal = READ
) -> PhaseList:
    """The request's project phases, their tasks and who owes what."""
    return PhaseList(items=phases_public(SetupAssistBackend(runtime, principal).get(requestId)))


@router.post(
    "/requests/{requestId}/phases/{phase}/tasks/{taskId}/complete",
    response_model_exclude_none=True,
)
def complete_task(
    requestId: str,
    phase: int,
    taskId: str,
    runtime: Runtime = RUNTIME,
    principal: Principal = WRITE,
) -> AssistRequestPublic:
    """Mark one of the partner's tasks of the current phase done."""
    view = SetupAssistBackend(runtime, principal).complete_task(requestId, phase, taskId)
    return request_public(view)


def assist_control(backend: ControlBackend = Depends(control)) -> AssistControl:
    """The Setup Assist control backend, for a caller holding the admin token."""
    return AssistControl(backend.runtime)


CONTROL = Depends(assist_control)


@control_router.post("/{requestId}/advance", response_model_exclude_none=True)
def advance_request(
    requestId: str, body: AssistAdvance | None = None, backend: AssistControl = CONTROL
) -> AssistRequestPublic:
    """Accept (or reject) a submitted request, or finish its current phase's Cisco-side tasks
    (and the partner's, with ``partnerTasks: true``) now."""
    return request_public(backend.advance(requestId, body or AssistAdvance()))


@control_router.get("/partners/{partner}/terms")
def get_terms(partner: str, backend: AssistControl = CONTROL) -> AssistTerms:
    """A partner's Setup Assist terms (its discount off list prices)."""
    return AssistTerms(discount=backend.terms(partner).discount)


@control_router.put("/partners/{partner}/terms")
def put_terms(partner: str, body: AssistTerms, backend: AssistControl = CONTROL) -> AssistTerms:
    """Set a partner's discount (``{"discount": "0.30"}``; the partner is created if new)."""
    return AssistTerms(discount=backend.set_terms(partner, body.discount).discount)
