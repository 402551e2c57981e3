"""The lifecycle engine: ``advance`` moves every resource whose next automatic move is due, in
time order, and is the only code that moves resources by the clock.

It runs once per request before the route (:mod:`simulator.middleware`), after every clock move
and transition-mode change, and inside the control plane's ``advance`` operations, so routes
and reads only read what is stored. Each due move is stamped with the instant it was due (not
the instant someone looked), so a clock jumped forward by a week replays that week in order:
a report completed on Tuesday never counts a Setup Assist request accepted on Thursday.

Each kind of resource has a finder (what is due by ``now`` and when) and a mover (its
backend's own transition function, which checks the move against the table in
:mod:`simulator.lifecycle.states`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import BindParameter, bindparam, exists, select, text
from sqlalchemy.orm import Session

from simulator.billing import models as billing
from simulator.clock import Clock
from simulator.customers import models as customers
from simulator.db.store import Store
from simulator.db.tables import BillingReport, Customer, SimState, Subscriber
from simulator.lifecycle.states import (
    ASSIST_LIVE,
    CUSTOMER_PENDING,
    ReportStatus,
    SubscriberStatus,
    TransitionMode,
)
from simulator.lifecycle.timing import due_at, due_before
from simulator.setup_assist import project
from simulator.setup_assist.tables import AssistRequest
from simulator.subscribers import models as subscribers

Mover = Callable[[Session, datetime], None]


@dataclass(frozen=True, order=True, slots=True)
class Due:
    """One resource's next automatic move: when it is due, and how to make it."""

    at: datetime
    key: str
    """The resource's id: ties in time break on it, so the order never depends on a query's."""
    move: Mover = field(compare=False)


def _customers(session: Session, state: SimState, now: datetime) -> list[Due]:
    latest = due_before(state, now)
    if latest is None:
        return []
    rows = session.scalars(
        select(Customer).where(
            Customer.status.in_(CUSTOMER_PENDING), Customer.status_changed_at <= latest
        )
    ).all()
    return [_due(state, row.status_changed_at, row.id, _customer_mover(row)) for row in rows]


def _customer_mover(customer: Customer) -> Mover:
    def move(session: Session, at: datetime) -> None:
        customers.complete(session, customer, at)

    return move


def _subscribers(session: Session, state: SimState, now: datetime) -> list[Due]:
    latest = due_before(state, now)
    if latest is None:
        return []
    rows = session.scalars(
        select(Subscriber).where(
            Subscriber.status == SubscriberStatus.PENDING_USER_MIGRATION,
            Subscriber.consent_sent_at.is_not(None),
            Subscriber.consent_sent_at <= latest,
        )
    ).all()
    return [_due(state, _consented(row), row.id, _subscriber_mover(row)) for row in rows]


def _consented(subscriber: Subscriber) -> datetime:
    assert subscriber.consent_sent_at is not None
    return subscriber.consent_sent_at


def _subscriber_mover(subscriber: Subscriber) -> Mover:
    subscriber_id = subscriber.id

    def move(session: Session, at: datetime) -> None:
        # A customer deletion earlier in the same pass may have taken the subscriber with it.
        session.flush()
        found = session.get(Subscriber, subscriber_id)
        if found is not None and session.get(Customer, found.customer_id) is not None:
            subscribers.complete_migration(session, found, at)

    return move


def _reports(session: Session, state: SimState, now: datetime) -> list[Due]:
    latest = due_before(state, now)
    if latest is None:
        return []
    rows = session.scalars(
        select(BillingReport).where(
            BillingReport.status == ReportStatus.IN_PROGRESS,
            BillingReport.status_changed_at <= latest,
        )
    ).all()
    return [_due(state, row.status_changed_at, row.id, _report_mover(row)) for row in rows]


def _report_mover(report: BillingReport) -> Mover:
    return lambda session, at: billing.complete(session, report, at)


def _due(state: SimState, since: datetime, key: str, move: Mover) -> Due:
    at = due_at(state, since)
    assert at is not None  # a finder returns nothing in manual mode
    return Due(at, key, move)


def _assist(session: Session, state: SimState, now: datetime) -> list[Due]:
    if TransitionMode(state.transition_mode) is TransitionMode.MANUAL:
        return []
    rows = session.scalars(select(AssistRequest).where(AssistRequest.status.in_(ASSIST_LIVE))).all()
    found = []
    for row in rows:
        at = project.next_due(session, state, row)
        if at is not None and at <= now:
            found.append(Due(at, row.id, _assist_mover(state, row, now)))
    return found


def _assist_mover(state: SimState, request: AssistRequest, now: datetime) -> Mover:
    return lambda session, _at: project.move_on(session, state, request, now)


FINDERS = (_customers, _subscribers, _reports, _assist)


def due(session: Session, state: SimState, now: datetime) -> list[Due]:
    """Every move due by ``now``, earliest first."""
    return sorted(item for finder in FINDERS for item in finder(session, state, now))


def advance(session: Session, clock: Clock) -> datetime:
    """Make every move due by the simulator's now, in time order (each stamped with the
    instant it was due); returns now. A Setup Assist request is moved as far as ``now`` takes
    it (phase after phase), at the time its first due step falls."""
    _one_advancer(session)
    state = session.get(SimState, 1)
    if state is None:
        raise RuntimeError("simulator database is not initialised")
    now = clock.now(state)
    for item in due(session, state, now):
        item.move(session, item.at)
    session.flush()
    return now


ADVANCE_LOCK = 0x52544D5F4C494645
"""The PostgreSQL advisory lock key several workers' engines queue on ("RTM_LIFE")."""


def _one_advancer(session: Session) -> None:
    """On PostgreSQL, wait until no other worker's engine is moving things (until this
    transaction ends), so two workers never make the same move twice; the finders then read
    what the other committed. SQLite's ``BEGIN IMMEDIATE`` already lets one writer in at once."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVANCE_LOCK})


_LATEST: BindParameter[datetime] = bindparam("latest")
ANYTHING_DUE = select(
    exists().where(
        Customer.status.in_(sorted(CUSTOMER_PENDING)), Customer.status_changed_at <= _LATEST
    )
    | exists().where(
        Subscriber.status == SubscriberStatus.PENDING_USER_MIGRATION,
        Subscriber.consent_sent_at <= _LATEST,
    )
    | exists().where(
        BillingReport.status == ReportStatus.IN_PROGRESS,
        BillingReport.status_changed_at <= _LATEST,
    ),
    exists().where(AssistRequest.status.in_(sorted(ASSIST_LIVE))),
)
"""The look before every request: one query of indexed ``EXISTS`` probes, built once (building
and keying a statement costs SQLAlchemy ten times running this one; docs/PERFORMANCE.md)."""


def anything_due(session: Session, state: SimState, now: datetime) -> bool:
    """Whether any move is due by ``now`` (:data:`ANYTHING_DUE`). Only while a Setup Assist
    request is live are those requests' own timings (which depend on their tasks) worked out as
    well."""
    latest = due_before(state, now)
    if latest is None:
        return False
    waiting, live_assist = session.execute(ANYTHING_DUE, {"latest": latest}).one()
    return bool(waiting) or (bool(live_assist) and bool(_assist(session, state, now)))


def advance_store(store: Store, clock: Clock) -> None:
    """:func:`advance` in a transaction of its own, taken only when something is due (a look
    in a read-only transaction first, so requests with nothing due never queue for the write
    lock)."""
    with store.read() as session:
        state = store.state(session)
        if not anything_due(session, state, clock.now(state)):
            return
    with store.transaction() as session:
        advance(session, clock)


__all__ = ["ADVANCE_LOCK", "ANYTHING_DUE", "Due", "advance", "advance_store", "anything_due", "due"]
