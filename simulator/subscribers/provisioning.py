"""The statements of subscriber provisioning, the operation every import repeats thousands of
times: prebuilt Core statements on the tables, run on the transaction's connection.

An ORM ``session.get``/``add``/flush costs several times the SQL it sends, and a statement built
per call pays for its construction and cache key every time; these are built once. The rows a
customer needs are read as plain facts; only a customer whose status is still pending goes
through the ORM, where its life cycle is settled (see ``SubscribersBackend._usable_customer``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, exists, insert, select
from sqlalchemy.orm import Session

from simulator.db.tables import (
    Customer,
    FreeAccount,
    PackageAssignment,
    SimState,
    StatusChange,
    Subscriber,
)


def _table(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


SUBSCRIBERS = _table(Subscriber)
_CUSTOMERS = _table(Customer)
_STATE = _table(SimState)
_FREE = _table(FreeAccount)

_CUSTOMER_QUERY = select(
    _CUSTOMERS.c.id,
    _CUSTOMERS.c.partner_id,
    _CUSTOMERS.c.sub_partner_org_id,
    _CUSTOMERS.c.external_id,
    _CUSTOMERS.c.org_id,
    _CUSTOMERS.c.packages,
    _CUSTOMERS.c.status,
).where(_CUSTOMERS.c.id == bindparam("id"))
_INSERT_SUBSCRIBER = insert(SUBSCRIBERS)
_INSERT_STATUS = insert(_table(StatusChange))
_INSERT_ASSIGNMENT = insert(_table(PackageAssignment))
_SUBSCRIBER_COLUMNS = tuple(column.key for column in SUBSCRIBERS.columns)


def _mine(*criteria: Any) -> Any:
    return (
        select(SUBSCRIBERS.c.id)
        .where(
            SUBSCRIBERS.c.partner_id == bindparam("partner"),
            SUBSCRIBERS.c.id != bindparam("itself"),
            *criteria,
        )
        .limit(1)
    )


EMAIL_TAKEN = _mine(SUBSCRIBERS.c.email == bindparam("value"))
PHONE_TAKEN = _mine(SUBSCRIBERS.c.phone_number == bindparam("value"))
EXTENSION_TAKEN = _mine(
    SUBSCRIBERS.c.extension == bindparam("value"),
    SUBSCRIBERS.c.location_id == bindparam("location"),
)
"""Another subscriber of the partner already holding an email, a number, an extension."""


@dataclass(frozen=True, slots=True)
class CustomerFacts:
    """What provisioning a subscriber needs to know about its customer."""

    id: str
    partner_id: int
    sub_partner_org_id: str | None
    external_id: str
    org_id: str
    packages: list[Any]
    status: str

    @classmethod
    def of(cls, customer: Customer) -> CustomerFacts:
        """The facts of a loaded customer."""
        return cls(
            customer.id,
            customer.partner_id,
            customer.sub_partner_org_id,
            customer.external_id,
            customer.org_id,
            customer.packages,
            customer.status,
        )


_AROUND = (
    select(
        _STATE.c.clock_offset_seconds,
        exists().where(_FREE.c.email == bindparam("email")),
        exists().where(
            SUBSCRIBERS.c.partner_id == bindparam("partner"),
            SUBSCRIBERS.c.email == bindparam("email"),
        ),
        *_CUSTOMER_QUERY.selected_columns,
    )
    .select_from(_STATE.outerjoin(_CUSTOMERS, _CUSTOMERS.c.id == bindparam("id")))
    .where(_STATE.c.id == 1)
)


@dataclass(frozen=True, slots=True)
class Surroundings:
    """What one query finds around a subscriber about to be provisioned: its customer, the
    clock, whether its email has a free account or is another subscriber's already."""

    customer: CustomerFacts | None
    clock_offset: float
    free_account: bool
    email_taken: bool


def surroundings(session: Session, customer_id: str, partner_id: int, email: str) -> Surroundings:
    """One round trip for what provisioning ``email`` for ``customer_id`` reads."""
    row = (
        session.connection()
        .execute(_AROUND, {"id": customer_id, "email": email, "partner": partner_id})
        .one()
    )
    offset, free, taken_already, *customer = row
    facts = None if customer[0] is None else CustomerFacts(*customer)
    return Surroundings(facts, offset, bool(free), bool(taken_already))


@dataclass(slots=True)
class NewSubscriber:
    """A subscriber about to be inserted: the columns of ``subscribers`` as a plain object
    (building an ORM object costs more than the INSERT)."""

    id: str
    partner_id: int
    customer_id: str
    person_id: str
    email: str
    first_name: str | None
    last_name: str | None
    package: str
    phone_number: str | None
    extension: str | None
    location_id: str | None
    status: str
    created_at: datetime
    last_status_change: datetime
    consent_sent_at: datetime | None = None


def customer_facts(session: Session, customer_id: str) -> CustomerFacts | None:
    """The stored customer ``customer_id``, if there is one."""
    row = session.connection().execute(_CUSTOMER_QUERY, {"id": customer_id}).first()
    return None if row is None else CustomerFacts(*row)


def taken(session: Session, query: Any, partner_id: int, itself: str | None, **values: str) -> bool:
    """Whether one of :data:`EMAIL_TAKEN`, :data:`PHONE_TAKEN`, :data:`EXTENSION_TAKEN` finds
    another subscriber (pending ORM changes are flushed first, so the query sees them)."""
    session.flush()
    params = {"partner": partner_id, "itself": itself or "", **values}
    return session.connection().execute(query, params).first() is not None


def insert_subscriber(session: Session, subscriber: NewSubscriber) -> None:
    """Store a new subscriber with one INSERT."""
    values = {key: getattr(subscriber, key) for key in _SUBSCRIBER_COLUMNS}
    session.connection().execute(_INSERT_SUBSCRIBER, values)


def record_status(
    session: Session, partner_id: int, resource_id: str, status: str, now: datetime
) -> None:
    """Append a subscriber's status to the status history."""
    session.connection().execute(
        _INSERT_STATUS,
        {
            "partner_id": partner_id,
            "resource_type": "subscriber",
            "resource_id": resource_id,
            "status": status,
            "at": now,
        },
    )


def open_assignment(
    session: Session,
    subscriber: Subscriber | NewSubscriber,
    customer: CustomerFacts | Customer,
    now: datetime,
) -> None:
    """Start billing the subscriber's current package (a history row never read back in the
    transaction, so no ORM object is needed for it)."""
    session.connection().execute(
        _INSERT_ASSIGNMENT,
        {
            "partner_id": subscriber.partner_id,
            "sub_partner_org_id": customer.sub_partner_org_id,
            "customer_id": customer.id,
            "external_customer_id": customer.external_id,
            "subscriber_id": subscriber.id,
            "email": subscriber.email,
            "package": subscriber.package,
            "start": now,
            "end": None,
        },
    )
