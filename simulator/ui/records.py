"""Read-only listings the API has no single operation for: every location of a partner, a
customer's status history, the call log by page, the partners a trainer sees.

These only read rows the backends wrote (no rule is applied here) and page like the API
(:class:`simulator.paging.Page`), so no page ever lists everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from simulator.db.tables import (
    Customer,
    Location,
    Partner,
    RequestLogEntry,
    StatusChange,
    Subscriber,
)
from simulator.paging import Page, Window
from simulator.runtime import Runtime


@dataclass(frozen=True, slots=True)
class LocationRow:
    """A location with its customer and how many subscribers (seats) it has."""

    location: Location
    customer_id: str
    external_id: str
    seats: int


@dataclass(frozen=True, slots=True)
class PartnerRow:
    """A partner with its customer and subscriber counts."""

    partner: Partner
    customers: int
    subscribers: int


def locations_page(
    runtime: Runtime, partner_id: int, window: Window, customer_id: str | None = None
) -> Page[LocationRow]:
    """The partner's locations (of one customer, when given), oldest first."""
    query = (
        select(Location, Customer.id, Customer.external_id)
        .join(Customer, Customer.org_id == Location.org_id)
        .where(Location.partner_id == partner_id, Customer.partner_id == partner_id)
    )
    if customer_id:
        query = query.where(Customer.id == customer_id)
    with runtime.store.read() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.execute(
            query.order_by(Location.created_at, Location.id)
            .offset(window.offset)
            .limit(window.limit)
        ).all()
    seats = seats_at(runtime, [row[0].id for row in rows])
    items = [LocationRow(row[0], row[1], row[2], seats.get(row[0].id, 0)) for row in rows]
    return Page(items, window, total)


def seats_at(runtime: Runtime, location_ids: Sequence[str]) -> dict[str, int]:
    """Subscribers per location, for the given locations only."""
    if not location_ids:
        return {}
    with runtime.store.read() as session:
        rows = session.execute(
            select(Subscriber.location_id, func.count())
            .where(Subscriber.location_id.in_(list(location_ids)))
            .group_by(Subscriber.location_id)
        ).all()
    return {str(location): int(count) for location, count in rows}


def location_names(runtime: Runtime, location_ids: Sequence[str | None]) -> dict[str, str]:
    """Names of the given locations."""
    wanted = sorted({i for i in location_ids if i})
    if not wanted:
        return {}
    with runtime.store.read() as session:
        rows = session.execute(
            select(Location.id, Location.name).where(Location.id.in_(wanted))
        ).all()
    return {str(i): str(name) for i, name in rows}


def status_history(runtime: Runtime, partner_id: int, resource_id: str) -> list[StatusChange]:
    """Every status a resource of the partner went through, oldest first."""
    with runtime.store.read() as session:
        return list(
            session.scalars(
                select(StatusChange)
                .where(
                    StatusChange.partner_id == partner_id,
                    StatusChange.resource_id == resource_id,
                )
                .order_by(StatusChange.id)
            )
        )


@dataclass(frozen=True, slots=True)
class CallFilter:
    """What the call log is narrowed to: a partner, a method, a status class (``2xx``) or
    exact status, faulted or not (``yes``/``no``), a piece of the path."""

    partner: str = ""
    method: str = ""
    status: str = ""
    fault: str = ""
    path: str = ""

    @property
    def active(self) -> bool:
        """Whether anything narrows the log."""
        return any((self.partner, self.method, self.status, self.fault, self.path))

    def apply(self, query: Select[Any]) -> Select[Any]:
        """``query`` narrowed to the calls this filter keeps."""
        log = RequestLogEntry
        if self.partner:
            query = query.where(log.partner == self.partner)
        if self.method:
            query = query.where(log.method == self.method.upper())
        if self.status.isdigit():
            query = query.where(log.status == int(self.status))
        elif len(self.status) == 3 and self.status[0].isdigit():
            low = int(self.status[0]) * 100
            query = query.where(log.status >= low, log.status < low + 100)
        if self.fault in ("yes", "no"):
            faulted = log.fault.is_not(None) if self.fault == "yes" else log.fault.is_(None)
            query = query.where(faulted)
        if self.path:
            query = query.where(log.path.contains(self.path, autoescape=True))
        return query


def call_log_page(
    runtime: Runtime, partner: str | None, window: Window, wanted: CallFilter | None = None
) -> Page[RequestLogEntry]:
    """API calls, newest first (only one partner's when ``partner`` is given, narrowed by
    ``wanted``); this process's buffered calls are written first."""
    runtime.calls.flush(runtime.store)
    query = select(RequestLogEntry)
    if partner is not None:
        query = query.where(RequestLogEntry.partner == partner)
    query = (wanted or CallFilter()).apply(query)
    with runtime.store.read() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.scalars(
            query.order_by(RequestLogEntry.id.desc()).offset(window.offset).limit(window.limit)
        ).all()
    return Page(rows, window, total)


def logged_partners(runtime: Runtime) -> list[str]:
    """Every partner name the call log holds calls of (the trainer's partner filter)."""
    with runtime.store.read() as session:
        names = session.scalars(
            select(RequestLogEntry.partner)
            .where(RequestLogEntry.partner.is_not(None))
            .distinct()
            .order_by(RequestLogEntry.partner)
        ).all()
    return [str(name) for name in names]


def partners_page(runtime: Runtime, window: Window) -> Page[PartnerRow]:
    """Partners with their customer and subscriber counts, oldest first."""
    customers = select(func.count()).where(Customer.partner_id == Partner.id).scalar_subquery()
    subscribers = select(func.count()).where(Subscriber.partner_id == Partner.id).scalar_subquery()
    with runtime.store.read() as session:
        total = session.scalar(select(func.count()).select_from(Partner)) or 0
        rows = session.execute(
            select(Partner, customers, subscribers)
            .order_by(Partner.id)
            .offset(window.offset)
            .limit(window.limit)
        ).all()
    return Page([PartnerRow(r[0], int(r[1]), int(r[2])) for r in rows], window, total)


__all__ = [
    "CallFilter",
    "LocationRow",
    "PartnerRow",
    "call_log_page",
    "location_names",
    "locations_page",
    "logged_partners",
    "partners_page",
    "seats_at",
    "status_history",
]
