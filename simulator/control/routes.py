"""HTTP routes of the control plane ``/_sim`` (admin token only)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from simulator import faults
from simulator.control.models import ControlBackend, is_admin
from simulator.control.scenarios import ScenarioLoader, read_scenario
from simulator.control.schemas import (
    Advance,
    ClockMove,
    ClockPublic,
    FreeAccounts,
    OrganizationCreate,
    OrganizationCreated,
    PartnerCreate,
    PartnerList,
    PartnerPublic,
    RequestLog,
    RequestLogItem,
    Review,
    ScenarioLoaded,
    StatusPublic,
    SubPartnerCreate,
    SubPartnerCreated,
    TokenCreate,
    TokenPublic,
    Transitions,
)
from simulator.errors import SimulatorError
from simulator.runtime import Runtime, current_runtime
from simulator.wire import timestamp

_ADMIN = HTTPBearer(auto_error=False, description="The admin token (RTM_SIM_ADMIN_TOKEN).")


def control(
    credentials: HTTPAuthorizationCredentials | None = Depends(_ADMIN),
    runtime: Runtime = Depends(current_runtime),
) -> ControlBackend:
    """The control backend, for a caller holding the admin token (else 401)."""
    if not is_admin(runtime, credentials.credentials if credentials else None):
        raise SimulatorError("api-unauthorized", headers={"WWW-Authenticate": "Bearer"})
    return ControlBackend(runtime)


router = APIRouter(tags=["Simulator control plane"])
CONTROL = Depends(control)


@router.post("/reset")
def reset(backend: ControlBackend = CONTROL) -> dict[str, str]:
    """Forget all partners and resources; clock, faults and transitions back to defaults."""
    backend.reset()
    return {"status": "reset"}


@router.post("/scenarios/{name}")
def load_scenario(
    name: str, keep: bool = False, backend: ControlBackend = CONTROL
) -> ScenarioLoaded:
    """Seed the pack ``fixtures/scenarios/{name}.toml`` (after a reset, unless ``keep=true``)."""
    scenario = read_scenario(backend.runtime.settings.scenarios_dir, name)
    loader = ScenarioLoader(backend.runtime)
    loader.load(scenario, reset=not keep)
    return ScenarioLoaded(scenario=name, tokens=loader.tokens, **loader.counts)


def _clock(now_and_offset: tuple[object, float]) -> ClockPublic:
    now, offset = now_and_offset
    assert hasattr(now, "microsecond")
    return ClockPublic(now=timestamp(now), offset_seconds=offset)  # type: ignore[arg-type]


@router.get("/clock")
def get_clock(backend: ControlBackend = CONTROL) -> ClockPublic:
    """The simulator time."""
    return _clock(backend.clock())


@router.post("/clock")
def move_clock(body: ClockMove, backend: ControlBackend = CONTROL) -> ClockPublic:
    """Set (``now``) or advance (``advance``, ISO-8601 duration) the clock; answers the new time."""
    return _clock(backend.move_clock(body.now, body.advance))


@router.get("/faults")
def get_faults(backend: ControlBackend = CONTROL) -> faults.FaultPlan:
    """The fault plan in force."""
    return backend.fault_plan()


@router.put("/faults")
def put_faults(plan: faults.FaultPlan, backend: ControlBackend = CONTROL) -> faults.FaultPlan:
    """Replace the fault plan (``{"seed": 7, "rules": []}`` turns faults off)."""
    return backend.set_faults(plan)


@router.get("/transitions")
def get_transitions(backend: ControlBackend = CONTROL) -> Transitions:
    """The transition mode in force."""
    mode, delay = backend.transitions()
    return Transitions.model_validate({"mode": mode, "delaySeconds": delay})


@router.put("/transitions")
def put_transitions(body: Transitions, backend: ControlBackend = CONTROL) -> Transitions:
    """Set the transition mode: ``immediate``, ``clock`` (after ``delaySeconds``) or ``manual``."""
    mode, delay = backend.set_transitions(body.mode, body.delay_seconds)
    return Transitions.model_validate({"mode": mode, "delaySeconds": delay})


@router.get("/requests")
def recent_requests(
    limit: int = Query(default=100, ge=1, le=1000), backend: ControlBackend = CONTROL
) -> RequestLog:
    """The most recent API calls, newest first."""
    return RequestLog(
        items=[
            RequestLogItem(
                at=timestamp(e.at),
                method=e.method,
                path=e.path,
                query=e.query,
                status=e.status,
                partner=e.partner,
                tracking_id=e.tracking_id,
                duration_ms=e.duration_ms,
                fault=e.fault,
            )
            for e in backend.requests(limit)
        ]
    )


@router.get("/partners")
def list_partners(backend: ControlBackend = CONTROL) -> PartnerList:
    """Every partner, with its customer templates' provisioning IDs."""
    held = backend.provisioning_ids()
    return PartnerList(
        items=[
            PartnerPublic(
                id=p.id, name=p.name, org_id=p.org_id, provisioning_ids=held.get(p.id, [])
            )
            for p in backend.partners()
        ]
    )


@router.post("/partners", status_code=201)
def create_partner(body: PartnerCreate, backend: ControlBackend = CONTROL) -> PartnerPublic:
    """Create a partner (answers the existing one when the name is taken); a given
    ``provisioningId`` becomes one of its customer templates."""
    chosen = [body.provisioning_id] if body.provisioning_id else []
    partner, held = backend.create_partner(body.name, chosen)
    return PartnerPublic(
        id=partner.id, name=partner.name, org_id=partner.org_id, provisioning_ids=held
    )


@router.post("/tokens", status_code=201)
def mint_token(body: TokenCreate, backend: ControlBackend = CONTROL) -> TokenPublic:
    """Mint a partner token (the partner is created if new); the token is shown only here."""
    chosen = [body.provisioning_id] if body.provisioning_id else []
    minted = backend.mint(body.partner, body.role, body.rate_limit_per_minute, chosen)
    return TokenPublic(
        token=minted.token,
        partner=body.partner,
        role=body.role,
        scopes=minted.scopes,
        provisioning_ids=minted.provisioning_ids,
    )


@router.post("/organizations", status_code=201)
def add_organization(
    body: OrganizationCreate, backend: ControlBackend = CONTROL
) -> OrganizationCreated:
    """A standalone Webex organization that a new customer may attach with ``orgId``."""
    return OrganizationCreated(org_id=backend.add_organization(body.name))


@router.post("/subPartners", status_code=201)
def add_sub_partner(body: SubPartnerCreate, backend: ControlBackend = CONTROL) -> SubPartnerCreated:
    """Give a partner a sub-partner."""
    org_id = backend.add_sub_partner(
        body.partner, body.name, body.provisioning_state, body.subscription_id
    )
    return SubPartnerCreated(org_id=org_id)


@router.post("/freeAccounts")
def add_free_accounts(body: FreeAccounts, backend: ControlBackend = CONTROL) -> dict[str, int]:
    """Mark emails as having an active free Webex account (their provisioning needs consent)."""
    return {"count": backend.add_free_accounts(body.emails)}


@router.post("/customers/{customerId}/advance")
def advance_customer(
    customerId: str, body: Advance | None = None, backend: ControlBackend = CONTROL
) -> StatusPublic:
    """Finish a customer's pending step now (``status`` may pick the outcome)."""
    status = backend.advance_customer(customerId, body.status if body else None)
    return StatusPublic(id=customerId, status=status)


@router.post("/customers/{customerId}/review")
def review_customer(
    customerId: str, body: Review, backend: ControlBackend = CONTROL
) -> StatusPublic:
    """Approve or reject a customer held in ``pending_rpl_review`` (Restricted Party List
    screening): approved it is ``provisioned``, rejected it is ``error``."""
    status = backend.review_customer(customerId, body.decision == "approve")
    return StatusPublic(id=customerId, status=status)


@router.post("/subscribers/{subscriberId}/advance")
def advance_subscriber(subscriberId: str, backend: ControlBackend = CONTROL) -> StatusPublic:
    """Finish a subscriber's pending user migration now."""
    return StatusPublic(id=subscriberId, status=backend.advance_subscriber(subscriberId))


@router.post("/billing/reports/{reportId}/advance")
def advance_report(
    reportId: str, body: Advance | None = None, backend: ControlBackend = CONTROL
) -> StatusPublic:
    """Finish an in-progress billing report now (``COMPLETED`` or ``FAILED``)."""
    status = backend.advance_report(reportId, body.status if body else None)
    return StatusPublic(id=reportId, status=status)


def no_content() -> Response:
    """An empty 204 answer."""
    return Response(status_code=204)


__all__ = [
    "CONTROL",
    "add_free_accounts",
    "add_organization",
    "add_sub_partner",
    "advance_customer",
    "advance_report",
    "advance_subscriber",
    "control",
    "create_partner",
    "get_clock",
    "get_faults",
    "get_transitions",
    "list_partners",
    "load_scenario",
    "mint_token",
    "move_clock",
    "no_content",
    "put_faults",
    "put_transitions",
    "recent_requests",
    "reset",
    "review_customer",
    "router",
]
