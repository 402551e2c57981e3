"""The statements of subscriber provisioning, the operation every import repeats thousands of
times: Core statements prepared once (:mod:`simulator.db.driver`) and run on the transaction's
DB-API connection.

An ORM ``session.get``/``add``/flush costs several times the SQL it sends, and even a Core
statement executed through SQLAlchemy costs about seven times what SQLite spends on it; these are
compiled once and run straight on the driver. The rows a customer needs are read as plain facts;
only a customer whose status is still pending goes through the ORM, where its life cycle is
settled first (see ``SubscribersBackend._with_settled_customer``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, exists, insert, literal, or_, select

from simulator.db.driver import Driver, Prepared
from simulator.db.tables import (
    Customer,
    FreeAccount,
    Location,
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

_CUSTOMER_COLUMNS = select(
    _CUSTOMERS.c.id,
    _CUSTOMERS.c.partner_id,
    _CUSTOMERS.c.sub_partner_org_id,
    _CUSTOMERS.c.external_id,
    _CUSTOMERS.c.org_id,
    _CUSTOMERS.c.packages,
    _CUSTOMERS.c.status,
    _CUSTOMERS.c.provisioning_parameters,
)
_CUSTOMER_QUERY = Prepared(_CUSTOMER_COLUMNS.where(_CUSTOMERS.c.id == bindparam("id")))
_SUBSCRIBER_COLUMNS = tuple(column.key for column in SUBSCRIBERS.columns)


def _insert(table: Table, *keys: str) -> Prepared:
    """An INSERT of exactly ``keys`` (an autoincrement id is left to the database)."""
    return Prepared(insert(table).values({key: bindparam(key) for key in keys}))


_INSERT_SUBSCRIBER = _insert(SUBSCRIBERS, *_SUBSCRIBER_COLUMNS)
_INSERT_STATUS = _insert(
    _table(StatusChange), "partner_id", "resource_type", "resource_id", "status", "at"
)
_INSERT_ASSIGNMENT = _insert(
    _table(PackageAssignment),
    "partner_id",
    "sub_partner_org_id",
    "customer_id",
    "external_customer_id",
    "subscriber_id",
    "email",
    "package",
    "start",
    "end",
)
_LOCATIONS = _table(Location)
_LOCATION_ORG = Prepared(select(_LOCATIONS.c.org_id).where(_LOCATIONS.c.id == bindparam("id")))


def _mine(*criteria: Any) -> Prepared:
    return Prepared(
        select(SUBSCRIBERS.c.id)
        .where(
            SUBSCRIBERS.c.partner_id == bindparam("partner"),
            SUBSCRIBERS.c.id != bindparam("itself"),
            *criteria,
        )
        .limit(1)
    )


def _email_used(email: Any) -> Any:
    """Whether ``email`` is already a Webex identity anywhere in the simulator: a subscriber or
    a customer administrator (primary email) of any partner."""
    return or_(
        exists().where(SUBSCRIBERS.c.email == email, SUBSCRIBERS.c.id != bindparam("itself")),
        exists().where(_CUSTOMERS.c.primary_email == email),
    )


EMAIL_TAKEN = Prepared(select(literal(1)).where(_email_used(bindparam("value"))))
PHONE_TAKEN = _mine(SUBSCRIBERS.c.phone_number == bindparam("value"))
EXTENSION_TAKEN = _mine(
    SUBSCRIBERS.c.extension == bindparam("value"),
    SUBSCRIBERS.c.location_id == bindparam("location"),
)
"""Another subscriber of the partner already holding a number, an extension (an email is
checked across every partner: :data:`EMAIL_TAKEN`)."""


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
    provisioning_parameters: dict[str, Any]

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
            customer.provisioning_parameters,
        )


_AROUND = Prepared(
    select(
        _STATE.c.clock_offset_seconds,
        exists().where(_FREE.c.email == bindparam("email")),
        _email_used(bindparam("email")),
        *_CUSTOMER_COLUMNS.selected_columns,
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


def surroundings(db: Driver, customer_id: str, email: str) -> Surroundings:
    """One round trip for what provisioning ``email`` for ``customer_id`` reads."""
    row = db.first(_AROUND, id=customer_id, email=email, itself="")
    assert row is not None, "the settings row always exists"
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


def customer_facts(db: Driver, customer_id: str) -> CustomerFacts | None:
    """The stored customer ``customer_id``, if there is one."""
    row = db.first(_CUSTOMER_QUERY, id=customer_id)
    return None if row is None else CustomerFacts(*row)


def location_org(db: Driver, location_id: str) -> str | None:
    """The org the location ``location_id`` belongs to, if the location exists."""
    row = db.first(_LOCATION_ORG, id=location_id)
    return None if row is None else str(row[0])


def taken(db: Driver, query: Prepared, partner_id: int, itself: str | None, **values: str) -> bool:
    """Whether one of :data:`EMAIL_TAKEN`, :data:`PHONE_TAKEN`, :data:`EXTENSION_TAKEN` finds
    another subscriber."""
    return db.first(query, partner=partner_id, itself=itself or "", **values) is not None


def insert_subscriber(db: Driver, subscriber: NewSubscriber) -> None:
    """Store a new subscriber with one INSERT."""
    db.run(_INSERT_SUBSCRIBER, **{key: getattr(subscriber, key) for key in _SUBSCRIBER_COLUMNS})


def record_status(
    db: Driver, partner_id: int, resource_id: str, status: str, now: datetime
) -> None:
    """Append a subscriber's status to the status history."""
    db.run(
        _INSERT_STATUS,
        partner_id=partner_id,
        resource_type="subscriber",
        resource_id=resource_id,
        status=status,
        at=now,
    )


def open_assignment(
    db: Driver,
    subscriber: Subscriber | NewSubscriber,
    customer: CustomerFacts | Customer,
    now: datetime,
) -> None:
    """Start billing the subscriber's current package (a history row never read back in the
    transaction, so no ORM object is needed for it)."""
    db.run(
        _INSERT_ASSIGNMENT,
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
