"""The subscribers backend: one method per operation of ``/v1/wholesale/subscribers``.

A subscriber is provisioned at once (200), unless its email already has an active free Webex
account (seeded through the control plane or a scenario): then it waits in
``pending_user_migration`` (202) until the consent-move email was sent and the transition time
passed. Every package a provisioned subscriber holds is recorded in the package-assignment
history the billing reports are computed from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bulk.rules.packages import subscriber_package_violations
from bulk.rules.violations import Violation
from simulator import ids
from simulator.auth import Principal
from simulator.customers.checks import email_violations, raise_if_any
from simulator.customers.models import was_deleted
from simulator.db.store import by_key
from simulator.db.tables import (
    Customer,
    Location,
    PackageAssignment,
    StatusChange,
    Subscriber,
)
from simulator.errors import conflict, invalid, not_found
from simulator.lifecycle import CUSTOMER_USABLE, SUBSCRIBER_MOVES, SubscriberStatus, check_move
from simulator.paging import Page, Window
from simulator.runtime import Runtime
from simulator.subpartners.models import acting_sub_partner
from simulator.subscribers import checks
from simulator.subscribers.filters import SubscriberFilter
from simulator.subscribers.limits import (
    email_in_use,
    email_standing,
    email_taken,
    refuse_over_limit,
    refuse_taken_numbers,
)
from simulator.subscribers.schemas import (
    SubscriberCreate,
    SubscriberParameters,
    SubscriberPrecheck,
    SubscriberUpdate,
)


@dataclass(frozen=True, slots=True)
class Provisioned:
    """A subscriber just accepted, and whether it waits for consent (202) or not (200)."""

    subscriber: Subscriber
    external_customer_id: str

    @property
    def pending(self) -> bool:
        """Whether the subscriber waits for a consent-based migration."""
        return self.subscriber.status == SubscriberStatus.PENDING_USER_MIGRATION


class SubscribersBackend:
    """``/v1/wholesale/subscribers`` for one partner."""

    def __init__(self, runtime: Runtime, principal: Principal) -> None:
        self.runtime = runtime
        self.principal = principal

    def list(
        self, wanted: SubscriberFilter, sub_partner: str | None, window: Window
    ) -> Page[tuple[Subscriber, str]]:
        """Subscribers matching ``wanted``, with their customers' external ids."""
        with self.runtime.store.transaction() as session:
            acting = acting_sub_partner(session, self.principal, sub_partner, changing=False)
            query = (
                select(Subscriber, Customer.external_id)
                .join(Customer, Customer.id == Subscriber.customer_id)
                .where(Subscriber.partner_id == self.principal.partner_id)
            )
            if acting:
                query = query.where(Customer.sub_partner_org_id == acting)
            query = wanted.apply(query)
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = session.execute(query.offset(window.offset).limit(window.limit)).all()
        return Page([(row[0], row[1]) for row in rows], window, total)

    def provision(self, body: SubscriberCreate, sub_partner: str | None) -> Provisioned:
        """Provision a subscriber for a provisioned customer."""
        package = checks.one_package(body.package, body.packages)
        params = body.provisioning_parameters
        phone = checks.normalised_phone(params.primary_phone_number)
        raise_if_any(
            email_violations(body.email, "email")
            + checks.name_violations(params.first_name, params.last_name)
            + checks.number_violations(phone, params.extension)
            + package_name_violations(package)
        )
        email = body.email.strip().lower()
        with self.runtime.store.transaction() as session:
            acting = acting_sub_partner(session, self.principal, sub_partner, changing=True)
            customer = self._usable_customer(session, body.customer_id, acting)
            self._check_package(session, customer, package, params, phone)
            in_use, free = email_standing(session, email)
            if in_use:
                raise email_taken()
            refuse_over_limit(session, customer, package)
            refuse_taken_numbers(
                session, self.principal.partner_id, phone, params.extension, params.location_id
            )
            now = self.runtime.clock.now(self.runtime.store.state(session))
            subscriber = _new_subscriber(customer, email, package, params, phone, free, now)
            session.add(subscriber)
            _record(session, subscriber, now)
            if not free:
                open_assignment(session, subscriber, customer, now)
            return Provisioned(subscriber, customer.external_id)

    def get(self, subscriber_id: str, sub_partner: str | None) -> tuple[Subscriber, str]:
        """One subscriber with its customer's external id."""
        with self.runtime.store.transaction() as session:
            acting = acting_sub_partner(session, self.principal, sub_partner, changing=False)
            subscriber, customer = self._owned(session, subscriber_id, acting)
            return subscriber, customer.external_id

    def update(
        self, subscriber_id: str, body: SubscriberUpdate, sub_partner: str | None
    ) -> tuple[Subscriber, str]:
        """Change a subscriber's package (and, for a move to calling, its number/location)."""
        package = checks.one_package(body.package, body.packages)
        params = body.provisioning_parameters or SubscriberParameters()
        phone = checks.normalised_phone(params.primary_phone_number)
        raise_if_any(
            checks.number_violations(phone, params.extension) + package_name_violations(package)
        )
        with self.runtime.store.transaction() as session:
            acting = acting_sub_partner(session, self.principal, sub_partner, changing=True)
            subscriber, customer = self._owned(session, subscriber_id, acting)
            merged = SubscriberParameters(
                primary_phone_number=phone or subscriber.phone_number,
                extension=params.extension or subscriber.extension,
                location_id=params.location_id or subscriber.location_id,
            )
            self._check_package(session, customer, package, merged, merged.primary_phone_number)
            if phone or params.extension or params.location_id:
                refuse_taken_numbers(
                    session,
                    self.principal.partner_id,
                    phone,
                    merged.extension,
                    merged.location_id,
                    subscriber.id,
                )
            if package != subscriber.package:
                refuse_over_limit(session, customer, package)
            now = self.runtime.clock.now(self.runtime.store.state(session))
            self._change_package(session, subscriber, customer, package, now)
            subscriber.phone_number = merged.primary_phone_number
            subscriber.extension = merged.extension
            subscriber.location_id = merged.location_id
            return subscriber, customer.external_id

    def remove(self, subscriber_id: str, sub_partner: str | None) -> None:
        """Remove a subscriber; its package assignment ends now."""
        with self.runtime.store.transaction() as session:
            acting = acting_sub_partner(session, self.principal, sub_partner, changing=False)
            subscriber, _ = self._owned(session, subscriber_id, acting)
            now = self.runtime.clock.now(self.runtime.store.state(session))
            close_assignment(session, subscriber.id, now)
            subscriber.status = check_move(
                SUBSCRIBER_MOVES, subscriber.status, SubscriberStatus.REMOVED
            )
            _record(session, subscriber, now)
            session.delete(subscriber)

    def precheck(self, body: SubscriberPrecheck, sub_partner: str | None) -> None:
        """Check a would-be provisioning request without storing anything."""
        params = body.provisioning_parameters or SubscriberParameters()
        phone = checks.normalised_phone(params.primary_phone_number)
        raise_if_any(
            email_violations(body.email, "email")
            + checks.number_violations(phone, params.extension)
        )
        customer_id = body.customer_id
        email = body.email.strip().lower()

        with self.runtime.store.read() as session:
            acting = acting_sub_partner(session, self.principal, sub_partner, changing=True)
            if email_in_use(session, email):
                raise email_taken()
            refuse_taken_numbers(
                session, self.principal.partner_id, phone, params.extension, params.location_id
            )
            if customer_id is None or (body.package is None and body.packages is None):
                return
            package = checks.one_package(body.package, body.packages)
            customer = self._usable_customer(session, customer_id, acting)
            self._check_package(session, customer, package, params, phone)

    def send_consent(self, subscriber_id: str, sub_partner: str | None) -> None:
        """Send the consent-move email to a subscriber pending user migration."""
        with self.runtime.store.transaction() as session:
            acting = acting_sub_partner(session, self.principal, sub_partner, changing=False)
            subscriber, _ = self._owned(session, subscriber_id, acting)
            state = self.runtime.store.state(session)
            if subscriber.status != SubscriberStatus.PENDING_USER_MIGRATION:
                raise conflict(
                    f"subscriber {subscriber_id} is {subscriber.status}, not pending_user_migration"
                )
            subscriber.consent_sent_at = self.runtime.clock.now(state)

    def _owned(
        self, session: Session, subscriber_id: str, acting: str | None
    ) -> tuple[Subscriber, Customer]:
        subscriber = session.get(Subscriber, subscriber_id)
        if subscriber is None or subscriber.partner_id != self.principal.partner_id:
            raise not_found("Subscriber", subscriber_id)
        customer = session.get(Customer, subscriber.customer_id)
        if customer is None or (acting and customer.sub_partner_org_id != acting):
            raise not_found("Subscriber", subscriber_id)
        return subscriber, customer

    def _usable_customer(self, session: Session, customer_id: str, acting: str | None) -> Customer:
        """The partner's customer ``customer_id``, provisioned (else 404 or 409)."""
        customer = by_key(session, Customer, customer_id)
        if customer is None and was_deleted(session, self.principal.partner_id, customer_id):
            raise conflict(f"customer {customer_id} was being deleted")
        if (
            customer is None
            or customer.partner_id != self.principal.partner_id
            or (acting and customer.sub_partner_org_id != acting)
        ):
            raise not_found("Customer", customer_id)
        if customer.status not in CUSTOMER_USABLE:
            raise conflict(f"customer {customer_id} is {customer.status}, not provisioned")
        return customer

    def _check_package(
        self,
        session: Session,
        customer: Customer,
        package: str,
        params: SubscriberParameters,
        phone: str | None,
    ) -> None:
        found: list[Violation] = subscriber_package_violations(
            package,
            customer.packages,
            customer=customer.external_id,
            has_location=bool(params.location_id),
            has_number=bool(phone or params.extension),
        )
        location = by_key(session, Location, params.location_id) if params.location_id else None
        if params.location_id and (location is None or location.org_id != customer.org_id):
            found.append(
                Violation.of(
                    "ref-unknown-location",
                    "locationId",
                    value=params.location_id,
                    customer=customer.external_id,
                )
            )
        raise_if_any(found)

    def _change_package(
        self,
        session: Session,
        subscriber: Subscriber,
        customer: Customer,
        package: str,
        now: datetime,
    ) -> None:
        if package == subscriber.package:
            return
        subscriber.package = package
        if subscriber.status == SubscriberStatus.PROVISIONED:
            close_assignment(session, subscriber.id, now)
            open_assignment(session, subscriber, customer, now)


def package_name_violations(package: str) -> list[Violation]:
    """A package that is no subscriber package at all: refused before any state is looked at,
    so an unknown subscriber or customer id does not hide it (POST and PUT alike)."""
    found = subscriber_package_violations(package, [package], has_location=True, has_number=True)
    return [v for v in found if v.code in ("cell-invalid-package", "package-not-for-subscriber")]


def _new_subscriber(
    customer: Customer,
    email: str,
    package: str,
    params: SubscriberParameters,
    phone: str | None,
    free_account: bool,
    now: datetime,
) -> Subscriber:
    pending = SubscriberStatus.PENDING_USER_MIGRATION
    return Subscriber(
        id=ids.new_id(ids.SUBSCRIBER),
        partner_id=customer.partner_id,
        customer_id=customer.id,
        person_id=ids.new_id(ids.PEOPLE),
        email=email,
        first_name=params.first_name,
        last_name=params.last_name,
        package=package,
        phone_number=phone,
        extension=params.extension,
        location_id=params.location_id,
        status=pending if free_account else SubscriberStatus.PROVISIONED,
        created_at=now,
        last_status_change=now,
    )


def complete_migration(session: Session, subscriber: Subscriber, now: datetime) -> None:
    """Finish a pending user migration: provisioned, and billed from ``now`` (the lifecycle
    engine calls it when the migration is due, ``/_sim/.../advance`` at once)."""
    if subscriber.status != SubscriberStatus.PENDING_USER_MIGRATION:
        raise invalid(f"subscriber {subscriber.id} is {subscriber.status}, not pending")
    customer = session.get(Customer, subscriber.customer_id)
    assert customer is not None
    subscriber.status = SubscriberStatus.PROVISIONED
    subscriber.last_status_change = now
    _record(session, subscriber, now)
    open_assignment(session, subscriber, customer, now)


def open_assignment(
    session: Session, subscriber: Subscriber, customer: Customer, now: datetime
) -> None:
    """Start billing the subscriber's current package."""
    session.add(
        PackageAssignment(
            partner_id=subscriber.partner_id,
            sub_partner_org_id=customer.sub_partner_org_id,
            customer_id=customer.id,
            external_customer_id=customer.external_id,
            subscriber_id=subscriber.id,
            email=subscriber.email,
            package=subscriber.package,
            start=now,
            end=None,
        )
    )


def close_assignment(session: Session, subscriber_id: str, now: datetime) -> None:
    """Stop billing whatever package the subscriber holds."""
    session.query(PackageAssignment).filter(
        PackageAssignment.subscriber_id == subscriber_id, PackageAssignment.end.is_(None)
    ).update({PackageAssignment.end: now})


def _record(session: Session, subscriber: Subscriber, now: datetime) -> None:
    session.add(
        StatusChange(
            partner_id=subscriber.partner_id,
            resource_type="subscriber",
            resource_id=subscriber.id,
            status=subscriber.status,
            at=now,
        )
    )


__all__ = [
    "Provisioned",
    "SubscribersBackend",
    "close_assignment",
    "complete_migration",
    "open_assignment",
    "package_name_violations",
]
