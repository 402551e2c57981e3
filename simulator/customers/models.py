"""The customers backend: one method per operation of ``/v1/wholesale/customers``.

Provisioning is asynchronous: a customer is stored ``provisioning`` and the lifecycle engine
moves it on when it is due (:mod:`simulator.lifecycle.engine`, which calls :func:`complete`).
On becoming provisioned it gets its ``orgId`` and its
calling location appears in the Locations API.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from simulator import faults, ids
from simulator.auth import Principal
from simulator.customers import checks
from simulator.customers.schemas import (
    CustomerCreate,
    CustomerPrecheck,
    CustomerUpdate,
    address_dict,
)
from simulator.db.tables import (
    Customer,
    CustomerTemplate,
    Organization,
    PackageAssignment,
    StatusChange,
    Subscriber,
)
from simulator.errors import SimulatorError, conflict, not_found
from simulator.lifecycle import (
    CUSTOMER_MOVES,
    CUSTOMER_PENDING,
    CUSTOMER_USABLE,
    CustomerStatus,
    check_move,
)
from simulator.locations.models import add_calling_location, remove_org_locations
from simulator.paging import Page, Window
from simulator.runtime import Runtime
from simulator.subpartners.models import acting_sub_partner

CUSTOMERS_PATH = "/v1/wholesale/customers"


class CustomersBackend:
    """``/v1/wholesale/customers`` for one partner."""

    def __init__(self, runtime: Runtime, principal: Principal) -> None:
        self.runtime = runtime
        self.principal = principal

    def list(
        self,
        *,
        external_id: str | None,
        org_id: str | None,
        statuses: Sequence[str],
        sub_partner: str | None,
        window: Window,
    ) -> Page[Customer]:
        """The partner's customers matching every given filter, oldest first."""
        with self.runtime.store.transaction() as session:
            acting = acting_sub_partner(session, self.principal, sub_partner, changing=False)
            query = select(Customer).where(Customer.partner_id == self.principal.partner_id)
            query = _filtered(query, external_id, org_id, statuses, acting)
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = session.scalars(
                query.order_by(Customer.created_at, Customer.id)
                .offset(window.offset)
                .limit(window.limit)
            ).all()
        return Page(rows, window, total)

    def provision(self, body: CustomerCreate, sub_partner: str | None) -> str:
        """Accept a provisioning request; returns the new customer's id."""
        checks.raise_if_any(checks.create_violations(body))
        with self.runtime.store.transaction() as session:
            acting = acting_sub_partner(session, self.principal, sub_partner, changing=True)
            refuse_unknown_template(session, self.principal.partner_id, body.provisioning_id)
            self._refuse_duplicate(session, body.external_id)
            if body.org_id:
                refuse_unattachable_org(session, self.principal.partner_id, body.org_id)
            state = self.runtime.store.state(session)
            now = self.runtime.clock.now(state)
            outcome = faults.outcome(session, state, "POST", CUSTOMERS_PATH)
            customer = Customer(
                id=ids.new_id(ids.CUSTOMER),
                partner_id=self.principal.partner_id,
                sub_partner_org_id=acting,
                external_id=body.external_id,
                org_id=body.org_id or ids.new_id(ids.ORGANIZATION),
                provisioning_id=body.provisioning_id,
                name=body.customer_info.name if body.customer_info else None,
                primary_email=_identity(body.customer_info.primary_email)
                if body.customer_info
                else None,
                language=body.customer_info.language if body.customer_info else None,
                address=address_dict(body.address),
                packages=list(dict.fromkeys(body.packages)),
                provisioning_parameters=_parameters(body),
                status=CustomerStatus.PROVISIONING,
                outcome=outcome or CustomerStatus.PROVISIONED,
                status_changed_at=now,
                created_at=now,
            )
            session.add(customer)
            record_status(session, customer, now)
            return customer.id

    def get(self, customer_id: str, sub_partner: str | None) -> Customer:
        """One customer."""
        with self.runtime.store.transaction() as session:
            acting_sub_partner(session, self.principal, sub_partner, changing=False)
            customer = self._current(session, customer_id)
        if customer is None:
            raise not_found("Customer", customer_id)
        return customer

    def update(self, customer_id: str, body: CustomerUpdate, sub_partner: str | None) -> str:
        """Accept an update (the package list is complete); the customer goes ``updating``."""
        checks.raise_if_any(checks.update_violations(body))
        with self.runtime.store.transaction() as session:
            acting_sub_partner(session, self.principal, sub_partner, changing=True)
            customer = self._current(session, customer_id)
            if customer is not None:
                self._refuse_update(session, customer, body)
                self._apply_update(customer, body)
                _move(session, customer, CustomerStatus.UPDATING, self._now(session))
        if customer is None:
            raise not_found("Customer", customer_id)
        return customer.id

    def remove(self, customer_id: str, sub_partner: str | None) -> None:
        """Accept a removal; the customer goes ``deleting`` and then disappears."""
        with self.runtime.store.transaction() as session:
            acting_sub_partner(session, self.principal, sub_partner, changing=False)
            customer = self._current(session, customer_id)
            if customer is not None and customer.status not in CUSTOMER_PENDING:
                _move(session, customer, CustomerStatus.DELETING, self._now(session))
        if customer is None:
            raise not_found("Customer", customer_id)
        if customer.status in (CustomerStatus.PROVISIONING, CustomerStatus.UPDATING):
            raise conflict(f"customer {customer_id} is {customer.status}; remove it later")

    def precheck(self, body: CustomerPrecheck, sub_partner: str | None) -> None:
        """Check a would-be provisioning request without storing anything."""
        checks.raise_if_any(checks.precheck_violations(body))
        with self.runtime.store.transaction() as session:
            acting_sub_partner(session, self.principal, sub_partner, changing=True)
            if body.provisioning_id is not None:
                refuse_unknown_template(session, self.principal.partner_id, body.provisioning_id)
            if body.external_id:
                self._refuse_duplicate(session, body.external_id)
            if body.org_id:
                refuse_unattachable_org(session, self.principal.partner_id, body.org_id)

    def _current(self, session: Session, customer_id: str) -> Customer | None:
        """The partner's customer; None when it does not exist or is another partner's."""
        customer = session.get(Customer, customer_id)
        if customer is None or customer.partner_id != self.principal.partner_id:
            return None
        return customer

    def _now(self, session: Session) -> datetime:
        return self.runtime.clock.now(self.runtime.store.state(session))

    def _refuse_duplicate(self, session: Session, external_id: str) -> None:
        existing = session.scalar(
            select(Customer.id).where(
                Customer.partner_id == self.principal.partner_id,
                Customer.external_id == external_id,
            )
        )
        if existing is not None:
            raise conflict(
                f"a customer with externalId '{external_id}' already exists ({existing})"
            )

    def _refuse_update(self, session: Session, customer: Customer, body: CustomerUpdate) -> None:
        if customer.status in CUSTOMER_PENDING:
            raise conflict(f"customer {customer.id} is {customer.status}; update it later")
        if body.external_id and body.external_id != customer.external_id:
            self._refuse_duplicate(session, body.external_id)
        dropped = set(customer.packages) - set(body.packages)
        in_use = session.scalars(
            select(Subscriber.package)
            .where(Subscriber.customer_id == customer.id, Subscriber.package.in_(dropped))
            .distinct()
        ).all()
        if in_use:
            raise conflict(
                "packages still assigned to subscribers cannot be removed: " + ", ".join(in_use)
            )
        calling = checks.calling_violations(body.packages, body.provisioning_parameters)
        if calling and not customer.provisioning_parameters.get("calling"):
            checks.raise_if_any(calling)

    def _apply_update(self, customer: Customer, body: CustomerUpdate) -> None:
        customer.packages = list(dict.fromkeys(body.packages))
        if body.external_id:
            customer.external_id = body.external_id
        if body.address is not None:
            customer.address = address_dict(body.address)
        if body.provisioning_parameters is not None:
            customer.provisioning_parameters = body.provisioning_parameters.model_dump(
                by_alias=True, exclude_none=True
            )
        customer.outcome = CustomerStatus.PROVISIONED


def _parameters(body: CustomerCreate) -> dict[str, object]:
    if body.provisioning_parameters is None:
        return {}
    dumped: dict[str, object] = body.provisioning_parameters.model_dump(
        by_alias=True, exclude_none=True
    )
    return dumped


def _filtered(
    query: Select[Any],
    external_id: str | None,
    org_id: str | None,
    statuses: Sequence[str],
    acting: str | None,
) -> Select[Any]:
    if external_id:
        query = query.where(Customer.external_id == external_id)
    if org_id:
        query = query.where(
            Customer.org_id == org_id,
            Customer.status.in_(
                (*CUSTOMER_USABLE, CustomerStatus.UPDATING, CustomerStatus.DELETING)
            ),
        )
    if statuses:
        query = query.where(Customer.status.in_(list(statuses)))
    if acting:
        query = query.where(Customer.sub_partner_org_id == acting)
    return query


def _identity(email: str) -> str:
    """An email as an identity: compared without case or surrounding blanks (subscribers'
    emails are stored the same way, so one index finds either)."""
    return email.strip().lower()


def refuse_unknown_template(session: Session, partner_id: int, provisioning_id: str) -> None:
    """Refuse a ``provisioningId`` that is not one of the partner's customer templates."""
    found = session.scalar(
        select(CustomerTemplate.id).where(
            CustomerTemplate.partner_id == partner_id,
            CustomerTemplate.provisioning_id == provisioning_id,
        )
    )
    if found is None:
        raise SimulatorError(
            "provisioning-id-unknown", field="provisioningId", value=provisioning_id
        )


def refuse_unattachable_org(session: Session, partner_id: int, org_id: str) -> None:
    """An ``orgId`` to attach must be a known organization that no wholesale customer manages
    yet. An org another partner's customer manages answers as an unknown one would, so a
    partner cannot learn about another's customers."""
    managing = session.scalar(select(Customer.partner_id).where(Customer.org_id == org_id))
    if managing is not None and managing != partner_id:
        raise not_found("Organization", org_id)
    if managing is not None:
        raise SimulatorError("org-already-managed", field="orgId", org=org_id)
    if session.get(Organization, org_id) is None:
        raise not_found("Organization", org_id)


def record_status(session: Session, customer: Customer, now: datetime) -> None:
    """Append the customer's current status to its history."""
    session.add(
        StatusChange(
            partner_id=customer.partner_id,
            resource_type="customer",
            resource_id=customer.id,
            status=customer.status,
            at=now,
        )
    )


def _move(session: Session, customer: Customer, status: CustomerStatus, now: datetime) -> None:
    customer.status = check_move(CUSTOMER_MOVES, customer.status, status)
    customer.status_changed_at = now
    record_status(session, customer, now)


def complete(
    session: Session, customer: Customer, now: datetime, target: CustomerStatus | None = None
) -> bool:
    """Finish a customer's pending step (to ``target`` or its planned outcome); True if gone.
    The lifecycle engine calls it when the step is due, ``/_sim/.../advance`` at once."""
    if customer.status == CustomerStatus.DELETING:
        _delete(session, customer, now)
        return True
    planned = customer.outcome if customer.status == CustomerStatus.PROVISIONING else None
    outcome = target or CustomerStatus(planned or CustomerStatus.PROVISIONED)
    _move(session, customer, outcome, now)
    if outcome in CUSTOMER_USABLE:
        customer.provisioned_packages = list(customer.packages)
        add_calling_location(session, customer, now)
    return False


def review(session: Session, customer: Customer, approve: bool, now: datetime) -> None:
    """Decide a customer held in ``pending_rpl_review`` (Restricted Party List screening):
    approved, it is provisioned; rejected, it ends in ``error``."""
    if customer.status != CustomerStatus.PENDING_RPL_REVIEW:
        raise conflict(f"customer {customer.id} is {customer.status}, not pending_rpl_review")
    outcome = CustomerStatus.PROVISIONED if approve else CustomerStatus.ERROR
    _move(session, customer, outcome, now)
    if approve:
        customer.provisioned_packages = list(customer.packages)
        add_calling_location(session, customer, now)


def was_deleted(session: Session, partner_id: int, customer_id: str) -> bool:
    """Whether the partner's customer ``customer_id`` existed and was deleted (a request
    naming it is a conflict with that deletion, not a request for an unknown customer)."""
    found = session.scalar(
        select(StatusChange.id).where(
            StatusChange.resource_id == customer_id,
            StatusChange.partner_id == partner_id,
            StatusChange.resource_type == "customer",
            StatusChange.status == CustomerStatus.DELETED,
        )
    )
    return found is not None


def _delete(session: Session, customer: Customer, now: datetime) -> None:
    session.query(PackageAssignment).filter(
        PackageAssignment.customer_id == customer.id, PackageAssignment.end.is_(None)
    ).update({PackageAssignment.end: now})
    session.query(Subscriber).filter(Subscriber.customer_id == customer.id).delete()
    remove_org_locations(session, customer.org_id)
    customer.status = check_move(CUSTOMER_MOVES, customer.status, CustomerStatus.DELETED)
    record_status(session, customer, now)
    session.delete(customer)


__all__ = [
    "CUSTOMERS_PATH",
    "CustomersBackend",
    "complete",
    "record_status",
    "refuse_unattachable_org",
    "refuse_unknown_template",
    "review",
    "was_deleted",
]
