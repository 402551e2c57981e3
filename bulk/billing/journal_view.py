"""What the import journal says was provisioned and ordered, as reconciliation needs it.

The journal (:class:`bulk.importer.journal.ProvisioningJournal`) keeps, per subscriber, the
package it was provisioned with and its status, and per Setup Assist request what the API
priced it at. Subscribers ``provisioned`` must be charged; ``pending_user_migration`` (not yet
holding a licence) and ``deleted`` ones may be charged for part of a period but need not be.
Requests ``cancelled`` or ``rejected`` are left out: the others are expected once, in the report
whose period contains the day the importer sent them (the journal's clock: the machine's, in
UTC), since the API charges a request on the day it accepts it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from bulk.importer.journal import (
    AssistOrder,
    JournalError,
    ProvisioningJournal,
    SubscriberPackage,
)

MUST_CHARGE = frozenset({"provisioned"})
MAY_CHARGE = frozenset({"pending_user_migration", "deleted", "removed"})
NOT_CHARGED_ASSIST = frozenset({"cancelled", "rejected"})


class JournalFileError(Exception):
    """The journal file is missing or unusable; the message names it."""


@dataclass(frozen=True, slots=True)
class JournalFacts:
    """The journal's subscribers and Setup Assist orders."""

    path: Path
    subscribers: tuple[SubscriberPackage, ...]
    orders: tuple[AssistOrder, ...]
    ordered_on: Mapping[str, dt.date] = field(default_factory=dict)
    """The day each request (by request id) was sent, when the journal says."""

    @property
    def customer_keys(self) -> frozenset[str]:
        """Every customer the journal knows, by API id and by external id."""
        keys = {s.customer_external_id for s in self.subscribers}
        keys |= {s.customer_id for s in self.subscribers if s.customer_id}
        keys |= {o.customer_external_id for o in self.orders}
        keys |= {o.customer_id for o in self.orders if o.customer_id}
        return frozenset(keys)

    def charged_orders(self) -> list[AssistOrder]:
        """The Setup Assist orders that should carry a one-time charge."""
        return [o for o in self.orders if (o.status or "") not in NOT_CHARGED_ASSIST]

    def due_in(self, order: AssistOrder, period: tuple[dt.date, dt.date] | None) -> bool:
        """Whether ``order``'s charge belongs in a report of ``period`` (always, when either
        the period or the order's day is unknown)."""
        day = self.ordered_on.get(order.request_id)
        if period is None or day is None:
            return True
        return period[0] <= day <= period[1]


def read_journal(path: Path) -> JournalFacts:
    """Read the journal (a missing file is an error here, never a new empty journal)."""
    if not path.is_file():
        raise JournalFileError(f"{path}: journal file not found")
    try:
        with ProvisioningJournal(path) as journal:
            subscribers = tuple(journal.subscriber_packages())
            orders = tuple(journal.assist_orders())
        days = _order_days(path)
    except (JournalError, sqlite3.Error) as error:
        raise JournalFileError(f"{path} is not a usable journal: {error}") from None
    return JournalFacts(path, subscribers, orders, days)


def _order_days(path: Path) -> dict[str, dt.date]:
    """The day each Setup Assist request was first sent (else recorded), from the journal's
    ``operations`` and ``assist_orders`` tables (docs/importer.md)."""
    query = (
        "SELECT a.request_id, COALESCE(o.sent_at, a.recorded_at) FROM assist_orders a"
        " LEFT JOIN operations o ON o.key = a.key"
    )
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        rows = db.execute(query).fetchall()
    days: dict[str, dt.date] = {}
    for request_id, stamp in rows:
        try:
            days[str(request_id)] = dt.datetime.fromisoformat(str(stamp)).date()
        except ValueError:
            continue
    return days
