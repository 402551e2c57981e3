"""The control-plane backend: everything a trainer or a test does to the simulator itself."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from simulator import faults, ids
from simulator.auth import ROLE_SCOPES, Role, mint_token, same_secret
from simulator.billing import models as billing
from simulator.clock import parse_duration
from simulator.customers import models as customers
from simulator.customers import templates
from simulator.db.tables import (
    Base,
    BillingReport,
    Customer,
    CustomerTemplate,
    FreeAccount,
    Organization,
    Partner,
    RequestLogEntry,
    SimState,
    SubPartner,
    Subscriber,
)
from simulator.errors import SimulatorError, invalid, not_found
from simulator.faults import FaultPlan
from simulator.lifecycle import (
    CUSTOMER_OUTCOMES,
    CUSTOMER_PENDING,
    CustomerStatus,
    ReportStatus,
    engine,
)
from simulator.runtime import Runtime
from simulator.subscribers import models as subscribers


@dataclass(frozen=True, slots=True)
class Minted:
    """A minted token, its scopes and its partner's provisioning IDs."""

    token: str
    scopes: list[str]
    provisioning_ids: list[str]


def ensure_partner(
    session: Session, name: str, now: datetime, provisioning_ids: Sequence[str] = ()
) -> Partner:
    """The partner called ``name``, created if new with its first customer template, and
    holding a template for each of ``provisioning_ids``."""
    found = session.scalar(select(Partner).where(Partner.name == name))
    if found is None:
        found = Partner(name=name, org_id=ids.new_id(ids.ORGANIZATION), created_at=now)
        session.add(found)
        session.flush()
    templates.add_templates(session, found.id, [*provisioning_ids] or [None], now)
    return found


def admin_token(runtime: Runtime) -> str:
    """The control plane's admin token: ``RTM_SIM_ADMIN_TOKEN``, or one generated at first start
    and kept in the database (so ``rtm sim serve`` can print it at every start)."""
    if runtime.settings.admin_token:
        return runtime.settings.admin_token
    with runtime.store.transaction() as session:
        state = runtime.store.state(session)
        if not state.admin_token:
            state.admin_token = "sim_admin_" + secrets.token_urlsafe(24)
        return state.admin_token


def is_admin(runtime: Runtime, token: str | None) -> bool:
    """Whether ``token`` is the admin token."""
    return token is not None and same_secret(token, admin_token(runtime))


class ControlBackend:
    """The ``/_sim`` operations."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def reset(self) -> None:
        """Forget every partner and resource; clock, faults and transitions back to defaults.
        The admin token and the link-signing secret stay."""
        settings = self.runtime.settings
        self.runtime.calls.flush(self.runtime.store)  # buffered calls are forgotten too
        with self.runtime.store.transaction() as session:
            for table in reversed(Base.metadata.sorted_tables):
                if table.name != SimState.__tablename__:
                    session.execute(delete(table))
            state = self.runtime.store.state(session)
            self.runtime.clock.reset(state)
            faults.store_plan(session, state, FaultPlan())
            state.transition_mode = settings.transition_mode
            state.delay_seconds = settings.delay_seconds

    def clock(self) -> tuple[datetime, float]:
        """Simulator time and its offset in seconds."""
        with self.runtime.store.transaction() as session:
            state = self.runtime.store.state(session)
            return self.runtime.clock.now(state), state.clock_offset_seconds

    def move_clock(self, now: datetime | None, advance: str | None) -> tuple[datetime, float]:
        """Set the clock to ``now`` or advance it by an ISO-8601 duration (exactly one)."""
        if (now is None) == (advance is None):
            raise invalid("give exactly one of now or advance")
        by = parse_duration(advance) if advance is not None else None
        if advance is not None and by is None:
            raise invalid(
                f"advance must be an ISO-8601 duration such as P6D or PT1H, not '{advance}'",
                "advance",
            )
        with self.runtime.store.transaction() as session:
            state = self.runtime.store.state(session)
            if now is not None:
                self.runtime.clock.set(state, now if now.tzinfo else now.replace(tzinfo=UTC))
            elif by is not None:
                self.runtime.clock.advance(state, by)
            now = engine.advance(session, self.runtime.clock)
            return now, state.clock_offset_seconds

    def fault_plan(self) -> FaultPlan:
        """The fault plan in force."""
        with self.runtime.store.transaction() as session:
            return faults.plan_of(self.runtime.store.state(session))

    def set_faults(self, plan: FaultPlan) -> FaultPlan:
        """Replace the fault plan (an empty rule list turns faults off)."""
        with self.runtime.store.transaction() as session:
            state = self.runtime.store.state(session)
            faults.store_plan(session, state, plan)
            return faults.plan_of(state)

    def transitions(self) -> tuple[str, float]:
        """The transition mode and delay in force."""
        with self.runtime.store.transaction() as session:
            state = self.runtime.store.state(session)
            return state.transition_mode, state.delay_seconds

    def set_transitions(
        self, mode: str, delay_seconds: float, *, move_due: bool = True
    ) -> tuple[str, float]:
        """Change how asynchronous resources move on, and move what is due under the new mode
        (a scenario being loaded passes ``move_due=False``: it places each resource itself)."""
        with self.runtime.store.transaction() as session:
            state = self.runtime.store.state(session)
            state.transition_mode = mode
            state.delay_seconds = delay_seconds
            if move_due:
                engine.advance(session, self.runtime.clock)
            return state.transition_mode, state.delay_seconds

    def requests(self, limit: int) -> Sequence[RequestLogEntry]:
        """The most recent API calls, newest first (this process's buffer is written first)."""
        self.runtime.calls.flush(self.runtime.store)
        with self.runtime.store.read() as session:
            return session.scalars(
                select(RequestLogEntry).order_by(RequestLogEntry.id.desc()).limit(limit)
            ).all()

    def partners(self) -> Sequence[Partner]:
        """Every partner."""
        with self.runtime.store.transaction() as session:
            return session.scalars(select(Partner).order_by(Partner.id)).all()

    def create_partner(
        self, name: str, provisioning_ids: Sequence[str] = ()
    ) -> tuple[Partner, list[str]]:
        """Create a partner (or return the existing one of that name) and its provisioning
        IDs."""
        with self.runtime.store.transaction() as session:
            partner = ensure_partner(session, name, self._now(session), provisioning_ids)
            return partner, templates.provisioning_ids(session, partner.id)

    def mint(
        self,
        partner: str,
        role: Role,
        rate_limit: int | None,
        provisioning_ids: Sequence[str] = (),
    ) -> Minted:
        """Mint a token for ``partner`` (created if new) with ``role``."""
        with self.runtime.store.transaction() as session:
            found = ensure_partner(session, partner, self._now(session), provisioning_ids)
            token = mint_token(session, found, role, self._now(session), rate_limit)
            held = templates.provisioning_ids(session, found.id)
        return Minted(token, sorted(s.value for s in ROLE_SCOPES[role]), held)

    def provisioning_ids(self) -> dict[int, list[str]]:
        """Every partner's provisioning IDs, by partner id."""
        with self.runtime.store.transaction() as session:
            rows = session.execute(
                select(CustomerTemplate.partner_id, CustomerTemplate.provisioning_id).order_by(
                    CustomerTemplate.id
                )
            ).all()
        found: dict[int, list[str]] = {}
        for partner_id, provisioning_id in rows:
            found.setdefault(partner_id, []).append(provisioning_id)
        return found

    def add_organization(self, name: str) -> str:
        """A standalone Webex organization a customer may later attach (``orgId``)."""
        with self.runtime.store.transaction() as session:
            org_id = ids.new_id(ids.ORGANIZATION)
            session.add(Organization(org_id=org_id, name=name, created_at=self._now(session)))
            return org_id

    def add_sub_partner(
        self, partner: str, name: str, state: str, subscription_id: str | None
    ) -> str:
        """Add a sub-partner to ``partner`` (created if new); returns its org id."""
        with self.runtime.store.transaction() as session:
            now = self._now(session)
            owner = ensure_partner(session, partner, now)
            org_id = ids.new_id(ids.ORGANIZATION)
            session.add(
                SubPartner(
                    org_id=org_id,
                    partner_id=owner.id,
                    name=name,
                    subscription_id=subscription_id or f"Sub{secrets.randbelow(10**8):08d}",
                    provisioning_state=state,
                    created_at=now,
                    billing_start_date=now,
                )
            )
            return org_id

    def add_free_accounts(self, emails: Sequence[str]) -> int:
        """Mark emails as having an active free Webex account; returns how many are marked."""
        with self.runtime.store.transaction() as session:
            for email in {e.strip().lower() for e in emails if e.strip()}:
                if session.get(FreeAccount, email) is None:
                    session.add(FreeAccount(email=email))
            return len(session.scalars(select(FreeAccount.email)).all())

    def advance_customer(self, customer_id: str, target: str | None) -> str:
        """Finish a customer's pending step now; returns its status (``gone`` if deleted)."""
        if target is not None and target not in CUSTOMER_OUTCOMES:
            raise invalid("status must be one of " + ", ".join(CUSTOMER_OUTCOMES), "status")
        with self.runtime.store.transaction() as session:
            customer = self._customer(session, customer_id)
            if customer.status not in CUSTOMER_PENDING:
                raise SimulatorError(
                    "api-conflict", reason=f"customer is {customer.status}, not pending"
                )
            outcome = None if target is None else CustomerStatus(target)
            gone = customers.complete(session, customer, self._now(session), outcome)
            return "gone" if gone else customer.status

    def review_customer(self, customer_id: str, approve: bool) -> str:
        """Decide a customer held in ``pending_rpl_review``: approved it is provisioned,
        rejected it ends in ``error``; returns its status."""
        with self.runtime.store.transaction() as session:
            customer = self._customer(session, customer_id)
            customers.review(session, customer, approve, self._now(session))
            return customer.status

    @staticmethod
    def _customer(session: Session, customer_id: str) -> Customer:
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise not_found("Customer", customer_id)
        return customer

    def advance_subscriber(self, subscriber_id: str) -> str:
        """Finish a pending user migration now."""
        with self.runtime.store.transaction() as session:
            subscriber = session.get(Subscriber, subscriber_id)
            if subscriber is None:
                raise not_found("Subscriber", subscriber_id)
            subscribers.complete_migration(session, subscriber, self._now(session))
            return subscriber.status

    def advance_report(self, report_id: str, target: str | None) -> str:
        """Finish an in-progress billing report now (``COMPLETED`` or ``FAILED``)."""
        if target is not None and target not in (ReportStatus.COMPLETED, ReportStatus.FAILED):
            raise invalid("status must be COMPLETED or FAILED", "status")
        with self.runtime.store.transaction() as session:
            report = session.get(BillingReport, report_id)
            if report is None:
                raise not_found("Billing report", report_id)
            outcome = None if target is None else ReportStatus(target)
            billing.complete(session, report, self._now(session), outcome)
            return report.status

    def _now(self, session: Session) -> datetime:
        return self.runtime.clock.now(self.runtime.store.state(session))


__all__ = [
    "ControlBackend",
    "Minted",
    "admin_token",
    "ensure_partner",
    "is_admin",
]
