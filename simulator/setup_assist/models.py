"""The Setup Assist backend: one method per operation of ``/v1/wholesale/setupAssist``.

Submitting is idempotent: a body equal to the live request's for that location answers that
request again (200) instead of creating another; a different body for the same location is
``assist-duplicate``. Requests keep the price they were submitted at; their one-time charge is
read from the request row itself (:mod:`simulator.setup_assist.charges`), never from a separate
ledger, so no retry can charge twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bulk.rules.assist import a_wholesale_order_violations
from bulk.rules.deadline import earliest_completion_date
from bulk.rules.money import assist_charge
from bulk.rules.violations import RuleViolation, Violation
from simulator import ids
from simulator.auth import Principal
from simulator.control.models import ensure_partner
from simulator.customers.checks import raise_if_any
from simulator.errors import conflict, invalid, not_found
from simulator.lifecycle import AssistStatus
from simulator.paging import Page, Window
from simulator.runtime import Runtime
from simulator.setup_assist import project
from simulator.setup_assist.checks import request_violations
from simulator.setup_assist.pricing import discount_of, pricebook_at
from simulator.setup_assist.project import RequestView
from simulator.setup_assist.schemas import (
    AssistAdvance,
    AssistRequestCreate,
    EntitlementOrder,
    ReadinessBody,
)
from simulator.setup_assist.submission import Admissible, admit
from simulator.setup_assist.tables import (
    AssistEntitlement,
    AssistPartnerTerms,
    AssistRequest,
)

REQUEST_KIND = "SETUP_ASSIST_REQUEST"
STATUSES = tuple(AssistStatus)


class SetupAssistBackend:
    """``/v1/wholesale/setupAssist`` for one partner."""

    def __init__(self, runtime: Runtime, principal: Principal) -> None:
        self.runtime = runtime
        self.principal = principal

    # -- A-Wholesale and readiness --------------------------------------------------------
    def entitlement(self) -> AssistEntitlement:
        """The partner's A-Wholesale order (404 before there is one)."""
        with self.runtime.store.transaction() as session:
            found = session.get(AssistEntitlement, self.principal.partner_id)
            if found is None:
                raise not_found("A-Wholesale entitlement", self.principal.partner_name)
            return found

    def order_entitlement(self, body: EntitlementOrder) -> AssistEntitlement:
        """Order A-Wholesale: once per partner, quantity 1 (``a-wholesale-quantity``)."""
        if body.sku != "A-Wholesale":
            raise invalid(f"sku must be A-Wholesale, not '{body.sku}'", "sku")
        with self.runtime.store.transaction() as session:
            ordered = session.get(AssistEntitlement, self.principal.partner_id) is not None
            found = a_wholesale_order_violations(body.quantity, ordered)
            if found:
                raise RuleViolation(found)
            row = AssistEntitlement(
                partner_id=self.principal.partner_id,
                sku=body.sku,
                quantity=body.quantity,
                order_number=body.order_number,
                ordered_at=self._now(session),
            )
            session.add(row)
            return row

    def readiness(self) -> AssistPartnerTerms | None:
        """The partner's terms row (``None`` before anything was set)."""
        with self.runtime.store.transaction() as session:
            return session.get(AssistPartnerTerms, self.principal.partner_id)

    def set_readiness(self, body: ReadinessBody) -> AssistPartnerTerms:
        """Replace the partner's readiness items."""
        with self.runtime.store.transaction() as session:
            terms = partner_terms(session, self.principal.partner_id, self._now(session))
            terms.pstn_connectivity = body.pstn_connectivity
            terms.hosting_requirements = body.hosting_requirements
            terms.oss_bss = body.oss_bss
            return terms

    # -- requests -------------------------------------------------------------------------
    def submit(self, body: AssistRequestCreate) -> tuple[RequestView, bool]:
        """Submit a request; ``(view, created)`` where ``created`` is False for a retry."""
        raise_if_any(request_violations(body))
        try:
            return self._submit(body)
        except IntegrityError:
            # A concurrent submission for the location won the race (the unique constraint on
            # the live location refused ours): answer as the retry (or duplicate) it now is.
            return self._submit(body)

    def _submit(self, body: AssistRequestCreate) -> tuple[RequestView, bool]:
        with self.runtime.store.transaction() as session:
            state = self.runtime.store.state(session)
            now = self.runtime.clock.now(state)
            existing = self._live_for_location(session, body.location_id)
            if existing is not None:
                if existing.fingerprint != body.fingerprint():
                    raise RuleViolation([duplicate(existing)])
                return _view(session, existing), False
            admitted = admit(session, self.runtime, self.principal, body)
            request = self._new_request(session, body, admitted, now)
            session.add(request)
            session.flush()
            # A request due at once (immediate mode) is accepted by its own submission, with
            # the lifecycle engine's mover for it (nothing else is moved by a write).
            project.move_on(session, state, request, now)
            return _view(session, request), True

    def list(
        self, customer_id: str | None, status: str | None, window: Window
    ) -> Page[RequestView]:
        """The partner's requests, oldest first, filtered by customer and status."""
        if status is not None and status not in STATUSES:
            raise invalid("status must be one of " + ", ".join(STATUSES), "status")
        with self.runtime.store.transaction() as session:
            query = select(AssistRequest).where(
                AssistRequest.partner_id == self.principal.partner_id
            )
            if customer_id:
                query = query.where(AssistRequest.customer_id == customer_id)
            if status:
                query = query.where(AssistRequest.status == status)
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = session.scalars(
                query.order_by(AssistRequest.submitted_at, AssistRequest.id)
                .offset(window.offset)
                .limit(window.limit)
            ).all()
            views = [_view(session, r) for r in rows]
        return Page(views, window, total)

    def get(self, request_id: str) -> RequestView:
        """One request."""
        with self.runtime.store.transaction() as session:
            request = self._owned(session, request_id)
            return _view(session, request)

    def cancel(self, request_id: str) -> RequestView:
        """Cancel a live request (cancelling a cancelled one answers it again). A request
        accepted before it was cancelled keeps its one-time charge."""
        with self.runtime.store.transaction() as session:
            request = self._owned(session, request_id)
            if request.status in project.LIVE:
                project.close(request, AssistStatus.CANCELLED, self._now(session))
            elif request.status != AssistStatus.CANCELLED:
                raise conflict(f"request {request_id} is {request.status}; it cannot be cancelled")
            return _view(session, request)

    def complete_task(self, request_id: str, phase_number: int, task_id: str) -> RequestView:
        """The partner marks one of its tasks of the current phase done."""
        with self.runtime.store.transaction() as session:
            request = self._owned(session, request_id)
            done = project.done_tasks(session, request.id)
            phase = project.partner_task_phase(request, done, phase_number, task_id)
            if phase is not None:
                now = self._now(session)
                tasks = tuple(t for t in phase.partner_tasks if t.id == task_id)
                by = self.principal.person_id
                project.mark_done(session, request, done, tasks, now, by, project.PARTNER)
                project.progress(session, request, now, by_clock=False)
            return _view(session, request)

    # -- internals ------------------------------------------------------------------------
    def _new_request(
        self, session: Session, body: AssistRequestCreate, admitted: Admissible, now: datetime
    ) -> AssistRequest:
        book = pricebook_at(self.runtime.settings.pricebook)
        discount = discount_of(session.get(AssistPartnerTerms, self.principal.partner_id))
        charge = assist_charge(admitted.order, book, discount)
        earliest = earliest_completion_date(now.date(), admitted.country, admitted.subdivision)
        return AssistRequest(
            id=ids.new_id(REQUEST_KIND),
            partner_id=self.principal.partner_id,
            sub_partner_org_id=admitted.customer.sub_partner_org_id,
            customer_id=admitted.customer.id,
            external_customer_id=admitted.customer.external_id,
            location_id=admitted.location.id,
            active_location_id=admitted.location.id,
            location_name=admitted.location.name,
            country=admitted.country,
            subdivision=admitted.subdivision,
            seats=admitted.order.seats,
            sku=admitted.order.sku.value,
            quantity=charge.quantity,
            unit_net_price=str(charge.unit_net_price),
            amount=str(charge.amount),
            currency=charge.currency,
            status=AssistStatus.SUBMITTED,
            requested_completion_date=body.requested_completion_date,
            earliest_completion_date=earliest,
            body=body.canonical(),
            fingerprint=body.fingerprint(),
            submitted_at=now,
            current_phase=0,
            status_changed_at=now,
        )

    def _live_for_location(self, session: Session, location_id: str) -> AssistRequest | None:
        return session.scalar(
            select(AssistRequest).where(
                AssistRequest.partner_id == self.principal.partner_id,
                AssistRequest.active_location_id == location_id,
            )
        )

    def _owned(self, session: Session, request_id: str) -> AssistRequest:
        request = session.get(AssistRequest, request_id)
        if request is None or request.partner_id != self.principal.partner_id:
            raise not_found("Setup Assist request", request_id)
        return request

    def _now(self, session: Session) -> datetime:
        return self.runtime.clock.now(self.runtime.store.state(session))


def _view(session: Session, request: AssistRequest) -> RequestView:
    return RequestView(request, project.done_tasks(session, request.id))


def duplicate(existing: AssistRequest) -> Violation:
    """``assist-duplicate`` naming the request that holds the location."""
    where = f" ({existing.id}, {existing.status})"
    return Violation.of(
        "assist-duplicate", "locationId", location=existing.location_name, where=where
    )


def partner_terms(session: Session, partner_id: int, now: datetime) -> AssistPartnerTerms:
    """The partner's terms row, created with defaults (no discount, nothing ready) if absent."""
    terms = session.get(AssistPartnerTerms, partner_id)
    if terms is None:
        terms = AssistPartnerTerms(
            partner_id=partner_id,
            discount="0",
            pstn_connectivity=False,
            hosting_requirements=False,
            oss_bss=False,
            updated_at=now,
        )
        session.add(terms)
    terms.updated_at = now
    return terms


class AssistControl:
    """The control plane's Setup Assist operations (admin token; any partner)."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def advance(self, request_id: str, body: AssistAdvance) -> RequestView:
        """Accept or reject a submitted request, or finish the current phase's Cisco-side
        tasks (and the partner's, when asked) of a running one, now."""
        with self.runtime.store.transaction() as session:
            request = session.get(AssistRequest, request_id)
            if request is None:
                raise not_found("Setup Assist request", request_id)
            state = self.runtime.store.state(session)
            now = self.runtime.clock.now(state)
            # What is due first (over HTTP the engine did it before the route; a scenario
            # being loaded calls this directly).
            project.move_on(session, state, request, now)
            if request.status == AssistStatus.SUBMITTED:
                _decide(request, body, now)
            elif request.status in project.ACTIVE:
                _finish_phase(session, request, body, now)
            else:
                raise conflict(f"request {request_id} is {request.status}; nothing to advance")
            return _view(session, request)

    def terms(self, partner: str) -> AssistPartnerTerms:
        """A partner's Setup Assist terms (the partner and its terms are created if new)."""
        with self.runtime.store.transaction() as session:
            now = self.runtime.clock.now(self.runtime.store.state(session))
            return partner_terms(session, ensure_partner(session, partner, now).id, now)

    def set_terms(self, partner: str, discount: str) -> AssistPartnerTerms:
        """Set a partner's discount off list prices (a fraction such as ``"0.30"``)."""
        with self.runtime.store.transaction() as session:
            now = self.runtime.clock.now(self.runtime.store.state(session))
            terms = partner_terms(session, ensure_partner(session, partner, now).id, now)
            terms.discount = discount
            return terms


def _decide(request: AssistRequest, body: AssistAdvance, now: datetime) -> None:
    if body.status == "rejected":
        project.reject(request, now)
    else:
        project.accept(request, now)


def _finish_phase(
    session: Session, request: AssistRequest, body: AssistAdvance, now: datetime
) -> None:
    if body.status is not None:
        raise conflict(f"request {request.id} is {request.status}, no longer submitted")
    done = project.done_tasks(session, request.id)
    phase = project.phases_of(request)[request.current_phase - 1]
    team = project.SETUP_ASSIST_TEAM
    project.mark_done(session, request, done, phase.cisco_tasks, now, team, project.CISCO)
    if body.partner_tasks:
        by = project.TRAINER_FOR_PARTNER
        project.mark_done(session, request, done, phase.partner_tasks, now, by, project.PARTNER)
    project.progress(session, request, now, by_clock=False)


__all__ = [
    "REQUEST_KIND",
    "STATUSES",
    "AssistControl",
    "SetupAssistBackend",
    "duplicate",
    "partner_terms",
]
