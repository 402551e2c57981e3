"""Learn the acceptance day of Setup Assist requests the journal has not seen accepted.

The importer records the server's ``submittedAt`` and, when its answer already says so, its
``acceptedAt``. A request still ``submitted`` then (the API accepts later: the simulator's
``clock`` and ``manual`` transition modes) has no acceptance day in the journal. Before
comparing, ``rtm billing reconcile --url URL --token TOKEN`` reads each such request again
(``GET /v1/wholesale/setupAssist/requests/{id}``) and writes its status, ``submittedAt`` and
``acceptedAt`` back into the journal, so the charge is expected in the period of the server's
acceptance day. A request the server has still not accepted is charged in no past period; one
it no longer knows (404) is left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bulk.billing.journal_view import NOT_CHARGED_ASSIST, JournalFileError
from bulk.client import AssistRequest, ResourceNotFound, WholesaleClient
from bulk.importer.journal import AssistOrder, JournalError, ProvisioningJournal


@dataclass(frozen=True, slots=True)
class AcceptanceRefresh:
    """What reading the requests again found."""

    asked: int
    """How many requests were read again."""
    accepted: int
    """How many of them now have an acceptance day in the journal."""
    not_accepted: frozenset[str]
    """The request ids the server has not accepted yet (still ``submitted``)."""


def needs_refresh(order: AssistOrder) -> bool:
    """Whether the journal lacks ``order``'s acceptance day and it may still be charged."""
    return order.accepted_at is None and (order.status or "") not in NOT_CHARGED_ASSIST


async def refresh_acceptance(api: WholesaleClient, path: Path) -> AcceptanceRefresh:
    """Read again every request of the journal at ``path`` without an acceptance day and
    record what the server says now."""
    if not path.is_file():
        raise JournalFileError(f"{path}: journal file not found")
    try:
        journal = ProvisioningJournal(path)
    except JournalError as error:  # its message already names the file
        raise JournalFileError(str(error)) from None
    asked, accepted, waiting = 0, 0, set[str]()
    with journal:
        for order in filter(needs_refresh, journal.assist_orders()):
            try:
                request = await api.get_assist_request(order.request_id)
            except ResourceNotFound:
                continue
            asked += 1
            _write_back(journal, request)
            if request.raw.get("acceptedAt"):
                accepted += 1
            elif request.status == "submitted":
                waiting.add(order.request_id)
    return AcceptanceRefresh(asked, accepted, frozenset(waiting))


def _write_back(journal: ProvisioningJournal, request: AssistRequest) -> None:
    raw = request.raw
    journal.update_assist_status(
        request.id,
        request.status,
        submitted_at=_text(raw.get("submittedAt")),
        accepted_at=_text(raw.get("acceptedAt")),
    )


def _text(value: object) -> str | None:
    return None if value is None or value == "" else str(value)
