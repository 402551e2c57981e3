"""What the import journal says was provisioned and ordered, as reconciliation needs it.

The journal (:class:`bulk.importer.journal.ProvisioningJournal`) keeps, per subscriber, the
package it was provisioned with and its status, and per Setup Assist request what the API
priced it at and the server's own ``submittedAt`` / ``acceptedAt``. Subscribers ``provisioned``
must be charged; ``pending_user_migration`` (not yet holding a licence) and ``deleted`` ones may
be charged for part of a period but need not be. Requests ``cancelled`` or ``rejected`` are left
out: the others are expected once, in the report whose period contains their charge day.

The charge day of a request is, best first: the UTC day of the server's ``acceptedAt`` (the API
charges on the day it accepts); else that of its ``submittedAt`` (acceptance follows submission,
usually at once: an estimate, made exact by :mod:`bulk.billing.acceptance`); else, for a journal
written before the server's timestamps were kept, the day the importer sent the request by the
machine's clock.
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
    charge_days: Mapping[str, dt.date] = field(default_factory=dict)
    """The day each request (by request id) is charged on, as far as the journal knows."""
    not_accepted: frozenset[str] = frozenset()
    """Requests the server said, when just asked, it has not accepted yet: charged in no
    past period (:func:`bulk.billing.acceptance.refresh_acceptance`)."""

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
        the period or the order's day is unknown; never, when it is not accepted yet)."""
        if order.request_id in self.not_accepted:
            return False
        day = self.charge_days.get(order.request_id)
        if period is None or day is None:
            return True
        return period[0] <= day <= period[1]


def read_journal(path: Path) -> JournalFacts:
    """Read the journal (a missing file is an error here, never a new empty journal); an older
    journal file is migrated on the way (:mod:`bulk.importer.journal_schema`)."""
    if not path.is_file():
        raise JournalFileError(f"{path}: journal file not found")
    try:
        with ProvisioningJournal(path) as journal:
            subscribers = tuple(journal.subscriber_packages())
            orders = tuple(journal.assist_orders())
        sent = _sent_days(path)
    except JournalError as error:  # its message already names the file
        raise JournalFileError(str(error)) from None
    except sqlite3.Error as error:
        raise JournalFileError(f"{path} is not a usable journal: {error}") from None
    days = {o.request_id: day for o in orders if (day := charge_day(o, sent)) is not None}
    return JournalFacts(path, subscribers, orders, days)


def charge_day(order: AssistOrder, sent: Mapping[str, dt.date]) -> dt.date | None:
    """The UTC day ``order`` is charged on: the server's acceptance day, else its submission
    day, else (an older journal) the day the importer sent it, from ``sent``."""
    for stamp in (order.accepted_at, order.submitted_at):
        day = utc_day(stamp)
        if day is not None:
            return day
    return sent.get(order.request_id)


def utc_day(stamp: str | None) -> dt.date | None:
    """The UTC date of an ISO-8601 instant (``2027-03-10T09:00:00.000Z``); ``None`` when
    absent or unreadable. An instant without an offset is taken as UTC."""
    if not stamp:
        return None
    try:
        instant = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if instant.tzinfo is not None:
        instant = instant.astimezone(dt.UTC)
    return instant.date()


def _sent_days(path: Path) -> dict[str, dt.date]:
    """The day each Setup Assist request was first sent (else recorded) by the importer's
    clock, from the ``operations`` and ``assist_orders`` tables: the fallback for journals
    written before the server's timestamps were kept (docs/importer.md)."""
    query = (
        "SELECT a.request_id, COALESCE(o.sent_at, a.recorded_at) FROM assist_orders a"
        " LEFT JOIN operations o ON o.key = a.key"
    )
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        rows = db.execute(query).fetchall()
    days: dict[str, dt.date] = {}
    for request_id, stamp in rows:
        day = utc_day(None if stamp is None else str(stamp))
        if day is not None:
            days[str(request_id)] = day
    return days
