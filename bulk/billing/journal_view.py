"""What the import journal says was provisioned and ordered, as reconciliation needs it.

The journal (:class:`bulk.importer.journal.ProvisioningJournal`) keeps, per subscriber, the
package it was provisioned with and its status, and per Setup Assist request what the API
priced it at. Subscribers ``provisioned`` must be charged; ``pending_user_migration`` (not yet
holding a licence) and ``deleted`` ones may be charged for part of a period but need not be.
Requests ``cancelled`` or ``rejected`` are left out: the others are expected once.
"""

from __future__ import annotations

from dataclasses import dataclass
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


def read_journal(path: Path) -> JournalFacts:
    """Read the journal (a missing file is an error here, never a new empty journal)."""
    if not path.is_file():
        raise JournalFileError(f"{path}: journal file not found")
    try:
        with ProvisioningJournal(path) as journal:
            subscribers = tuple(journal.subscriber_packages())
            orders = tuple(journal.assist_orders())
    except JournalError as error:
        raise JournalFileError(str(error)) from None
    return JournalFacts(path, subscribers, orders)
