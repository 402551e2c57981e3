"""The dashboard's front door and the trainer's controls: home, login and logout, the call log,
and (admin token only) scenario packs, reset, clock, faults, transition mode and moving a
pending customer or a Setup Assist project on by hand.

Controls run the control plane's own backends (:class:`ControlBackend`, :class:`AssistControl`,
:class:`ScenarioLoader`). Every post passes the cross-site checks first (403), then the admin
check (401): a refused control changes nothing.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from bulk.rules.violations import Violation
from simulator.control.models import ControlBackend
from simulator.control.scenarios import ScenarioLoader, read_scenario
from simulator.control.schemas import Transitions
from simulator.errors import SimulatorError
from simulator.setup_assist.models import AssistControl
from simulator.setup_assist.schemas import AssistAdvance
from simulator.ui.access import (
    Visit,
    admin_token_matches,
    principal_by_hash,
    require_admin,
    token_hash_of,
    viewed_partner,
    visit_of,
)
from simulator.ui.controls import (
    CLOCK_STEPS,
    FAULT_PRESETS,
    SUPPORTED_COUNTRIES,
    clock_target,
    scenario_packs,
)
from simulator.ui.fault_editor import PlanError, plan_words, read_plan
from simulator.ui.posting import POSTED, Posted
from simulator.ui.records import partners_page
from simulator.ui.render import DashboardRoute, Problem, page, pager, problems, redirect, window
from simulator.ui.session import DashboardSession, chosen_pack
from simulator.ui.wording import offset_text

router = APIRouter(prefix="/ui", route_class=DashboardRoute)
VISIT = Depends(visit_of)
ADVANCES = {
    "accept": AssistAdvance(status="accepted"),
    "reject": AssistAdvance(status="rejected"),
    "cisco": AssistAdvance(),
    "phase": AssistAdvance(partner_tasks=True),
}


@router.get("", name="ui_home")
def home(request: Request, offset: str | None = None, visit: Visit = VISIT) -> Response:
    """Login forms for nobody, a partner's overview for a partner user, every partner for the
    trainer."""
    if visit.anonymous:
        return page(visit, "login.html", login_problems={})
    if not visit.admin and visit.partner is not None:
        return redirect(visit, _overview_url(visit, visit.partner.partner_id))
    listing = partners_page(visit.runtime, window(offset))
    return page(visit, "home.html", rows=listing.items, pager=pager(request, listing))


def _overview_url(visit: Visit, partner_id: int) -> str:
    return str(visit.request.url_for("ui_overview", partner_id=partner_id))


@router.post("/login", name="ui_login")
def login(posted: Posted = POSTED) -> Response:
    """Log in with a partner token (``kind=partner``) or the admin token (``kind=admin``)."""
    visit, kind, token = posted.visit, posted.one("kind"), posted.one("token")
    session: DashboardSession | None = None
    if kind == "admin" and token and admin_token_matches(visit.runtime, token):
        session = visit.session.as_admin()
    elif kind == "partner" and token:
        digest = token_hash_of(visit.runtime, token)
        session = visit.session.as_partner(digest) if digest else None
    if session is None:
        refusal = problems([Violation.of("api-unauthorized", "token")])
        kind = kind if kind in ("admin", "partner") else "partner"
        return page(visit, "login.html", status=401, login_problems={kind: refusal})
    session.keep(visit.request)
    partner = principal_by_hash(visit.runtime, session.partner_token or "")
    logged = dataclasses.replace(visit, session=session, partner=partner)
    if kind == "partner" and partner is not None:
        return redirect(logged, _overview_url(logged, partner.partner_id))
    return redirect(logged, str(visit.request.url_for("ui_home")))


@router.post("/logout", name="ui_logout")
def logout(posted: Posted = POSTED) -> RedirectResponse:
    """Forget both logins."""
    DashboardSession().keep(posted.visit.request)
    visit = dataclasses.replace(posted.visit, session=DashboardSession(), partner=None)
    return redirect(visit, str(visit.request.url_for("ui_home")))


# -- trainer controls -----------------------------------------------------------------------
def trainer_page(
    visit: Visit,
    *,
    status: int = 200,
    notice: str = "",
    loaded: dict[str, Any] | None = None,
    refused: dict[str, list[Problem]] | None = None,
    typed: str | None = None,
    plan_errors: list[PlanError] | None = None,
) -> HTMLResponse:
    """The controls page with the simulator's current clock, transitions and faults (and the
    custom plan as typed, when it was refused)."""
    backend = ControlBackend(visit.runtime)
    now, offset = backend.clock()
    mode, delay = backend.transitions()
    plan = backend.fault_plan()
    return page(
        visit,
        "trainer.html",
        status=status,
        notice=notice,
        loaded=loaded,
        refused=refused or {},
        offset=offset,
        mode=mode,
        delay=delay,
        plan=plan,
        plan_words=plan_words(plan),
        plan_text=plan.model_dump_json(by_alias=True, exclude_none=True, indent=2)
        if typed is None
        else typed,
        plan_errors=plan_errors or [],
        offset_words=offset_text(offset),
        presets=FAULT_PRESETS,
        packs=scenario_packs(visit.runtime.settings.scenarios_dir),
        chosen_pack=chosen_pack(visit.request),
        steps=CLOCK_STEPS,
        countries=SUPPORTED_COUNTRIES,
        simulated=now,
    )


def _refused(visit: Visit, control: str, violations: list[Violation], status: int) -> HTMLResponse:
    return trainer_page(visit, status=status, refused={control: problems(violations)})


def _invalid(error: ValidationError, field: str) -> list[Violation]:
    return [
        Violation.of("api-invalid-request", field, reason=f"{field}: {item['msg']}")
        for item in error.errors()[:5]
    ]


@router.get("/trainer", name="ui_trainer")
def trainer(visit: Visit = VISIT) -> HTMLResponse:
    """The trainer controls (admin login only)."""
    require_admin(visit)
    return trainer_page(visit)


@router.post("/trainer/scenario", name="ui_scenario_load")
def load_scenario(posted: Posted = POSTED) -> HTMLResponse:
    """Reset and load a scenario pack; shows what it seeded and the tokens it minted."""
    visit = posted.visit
    require_admin(visit)
    name = chosen_pack(visit.request, posted.one("scenario"))
    try:
        loader = ScenarioLoader(visit.runtime)
        loader.load(read_scenario(visit.runtime.settings.scenarios_dir, name), reset=True)
    except SimulatorError as error:
        return _refused(visit, "scenario", [error.violation], error.status)
    loaded = {"name": name, "counts": loader.counts, "tokens": loader.tokens}
    return trainer_page(visit, notice=f"Scenario {name} loaded.", loaded=loaded)


@router.post("/trainer/reset", name="ui_reset")
def reset(posted: Posted = POSTED) -> HTMLResponse:
    """Forget every partner and resource."""
    require_admin(posted.visit)
    ControlBackend(posted.visit.runtime).reset()
    return trainer_page(posted.visit, notice="The simulator was reset.")


@router.post("/trainer/clock", name="ui_clock")
def move_clock(posted: Posted = POSTED) -> HTMLResponse:
    """Advance the clock one hour, one business day (of a country) or to month end."""
    visit = posted.visit
    require_admin(visit)
    backend = ControlBackend(visit.runtime)
    now, _ = backend.clock()
    try:
        target = clock_target(now, posted.one("step"), posted.one("country") or "US")
    except SimulatorError as error:
        return _refused(visit, "clock", [error.violation], error.status)
    backend.move_clock(target, None)
    return trainer_page(visit, notice=f"Clock moved: {CLOCK_STEPS[posted.one('step')]}.")


@router.post("/trainer/faults", name="ui_faults")
def set_faults(posted: Posted = POSTED) -> HTMLResponse:
    """Switch faults off, on a preset, or to a custom plan (JSON); a plan that does not read
    is shown again as typed, with where it went wrong."""
    visit = posted.visit
    require_admin(visit)
    typed = posted.fields.get("plan", [""])[0].replace("\r\n", "\n")  # browsers post CRLF
    plan = FAULT_PRESETS.get(posted.one("preset")) or read_plan(typed)
    if isinstance(plan, list):
        reasons = [Violation.of("api-invalid-request", "plan", reason=e.message) for e in plan]
        refused = {"faults": problems(reasons)}
        return trainer_page(visit, status=400, refused=refused, typed=typed, plan_errors=plan)
    ControlBackend(visit.runtime).set_faults(plan)
    rules = plan_words(plan)
    state = "off" if not rules else f"on: {'; '.join(rules)}"
    return trainer_page(visit, notice=f"Faults {state}.")


@router.post("/trainer/transitions", name="ui_transitions")
def set_transitions(posted: Posted = POSTED) -> HTMLResponse:
    """Switch the transition mode (immediate, clock after N seconds, manual)."""
    visit = posted.visit
    require_admin(visit)
    try:
        chosen = Transitions.model_validate(
            {"mode": posted.one("mode"), "delaySeconds": posted.one("delaySeconds") or "0"}
        )
    except ValidationError as error:
        return _refused(visit, "transitions", _invalid(error, "mode"), 400)
    ControlBackend(visit.runtime).set_transitions(chosen.mode, chosen.delay_seconds)
    return trainer_page(visit, notice=f"Transition mode: {chosen.mode}.")


@router.post("/partners/{partner_id}/customers/{customer_id}/advance", name="ui_customer_advance")
def advance_customer(partner_id: int, customer_id: str, posted: Posted = POSTED) -> Response:
    """Finish a pending customer's step now (trainer)."""
    visit = posted.visit
    require_admin(visit)
    viewed_partner(visit, partner_id)
    outcome = ControlBackend(visit.runtime).advance_customer(customer_id, None)
    if outcome == "gone":
        return redirect(visit, str(visit.request.url_for("ui_customers", partner_id=partner_id)))
    url = visit.request.url_for("ui_customer", partner_id=partner_id, customer_id=customer_id)
    return redirect(visit, str(url))


@router.post("/partners/{partner_id}/customers/{customer_id}/review", name="ui_customer_review")
def review_customer(partner_id: int, customer_id: str, posted: Posted = POSTED) -> Response:
    """Approve or reject a customer held in ``pending_rpl_review`` (trainer)."""
    visit = posted.visit
    require_admin(visit)
    viewed_partner(visit, partner_id)
    decision = posted.one("decision")
    if decision not in ("approve", "reject"):
        raise SimulatorError("api-invalid-request", field="decision", reason="approve or reject")
    ControlBackend(visit.runtime).review_customer(customer_id, decision == "approve")
    url = visit.request.url_for("ui_customer", partner_id=partner_id, customer_id=customer_id)
    return redirect(visit, str(url))


@router.post("/partners/{partner_id}/assist/{request_id}/advance", name="ui_request_advance")
def advance_request(partner_id: int, request_id: str, posted: Posted = POSTED) -> Response:
    """Accept or reject a submitted request, or finish its current phase (trainer)."""
    visit = posted.visit
    require_admin(visit)
    viewed_partner(visit, partner_id)
    action = ADVANCES.get(posted.one("action"))
    if action is None:
        raise SimulatorError("api-invalid-request", field="action", reason="unknown action")
    AssistControl(visit.runtime).advance(request_id, action)
    url = visit.request.url_for("ui_assist_request", partner_id=partner_id, request_id=request_id)
    return redirect(visit, str(url))


__all__ = ["router"]
