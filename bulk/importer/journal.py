"""The provisioning journal: a SQLite file that remembers every planned operation of an import.

Each operation has a stable key taken from the workbook (``customer:<externalId>``,
``location:<externalId>/<name>``, ``subscriber:<email>``, ``assist:<externalId>/<location>``)
and moves ``planned → sent → done | failed | unchanged``. ``sent`` is written (and synced) BEFORE
the request leaves and the outcome AFTER the answer arrives, so after a crash at any instant a
rerun knows exactly which operations may have reached the server and must be looked up before
being sent again. The tables are documented in docs/importer.md (and created, or migrated
from an older journal file, by :mod:`bulk.importer.journal_schema`); ``rtm billing reconcile``
reads ``assist_orders`` (with the server's ``submittedAt`` / ``acceptedAt`` of each request) and
``subscriber_packages``.

Durability: WAL journal mode, each state change one autocommit statement. The default
``synchronous=NORMAL`` makes every commit survive the importer being killed at any instant
(SIGKILL, crash: the WAL is written before the commit returns) and checkpoints on close; only
an operating-system crash or power cut can lose the last commits, and then the server's own
uniqueness (409 on a second customer externalId or subscriber email, one assist request per
location) plus the lookup-before-create still keep a rerun from duplicating anything.
``synchronous=FULL`` (``--journal-sync full``) also survives power loss but fsyncs every
change: measured at ~2 ms each on this machine's disk under load, it made journal writes, not
the network, the bottleneck of a 50 ms-latency import (docs/PERFORMANCE.md).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from bulk.importer.journal_schema import SCHEMA_VERSION, prepare
from bulk.importer.records import AssistOrder, SubscriberPackage

__all__ = [
    "SCHEMA_VERSION",
    "AssistOrder",
    "JournalEntry",
    "JournalError",
    "OpState",
    "PlannedOperation",
    "ProvisioningJournal",
    "SubscriberPackage",
    "default_journal_path",
    "remembered_customers",
]


class OpState(StrEnum):
    """Where an operation stands."""

    PLANNED = "planned"
    SENT = "sent"
    DONE = "done"
    FAILED = "failed"
    UNCHANGED = "unchanged"
    NOT_UPDATABLE = "not-updatable"
    """Carried out as far as the API allows; a changed field can only be changed elsewhere."""

    @property
    def finished(self) -> bool:
        """Done, unchanged or not-updatable: nothing left to send."""
        return self in (OpState.DONE, OpState.UNCHANGED, OpState.NOT_UPDATABLE)


@dataclass(frozen=True, slots=True)
class PlannedOperation:
    """One operation the importer intends to carry out, keyed by the workbook."""

    key: str
    kind: str
    action: str
    sheet: str
    row: int
    fingerprint: str
    customer_external_id: str | None = None
    location_name: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """What the journal knows about one operation."""

    key: str
    kind: str
    action: str
    sheet: str
    row: int
    fingerprint: str
    state: OpState
    attempts: int
    sent_at: str | None
    finished_at: str | None
    remote_id: str | None
    org_id: str | None
    remote_status: str | None
    error_status: int | None
    error_code: str | None
    error_message: str | None
    tracking_id: str | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> JournalEntry:
        """Read one ``operations`` row."""
        return cls(
            key=row["key"],
            kind=row["kind"],
            action=row["action"],
            sheet=row["sheet"],
            row=row["row"],
            fingerprint=row["fingerprint"],
            state=OpState(row["state"]),
            attempts=row["attempts"],
            sent_at=row["sent_at"],
            finished_at=row["finished_at"],
            remote_id=row["remote_id"],
            org_id=row["org_id"],
            remote_status=row["remote_status"],
            error_status=row["error_status"],
            error_code=row["error_code"],
            error_message=row["error_message"],
            tracking_id=row["tracking_id"],
        )


def default_journal_path(workbook: Path) -> Path:
    """``<workbook>.journal.sqlite`` beside the workbook."""
    return workbook.with_name(workbook.name + ".journal.sqlite")


def remembered_customers(path: Path) -> dict[str, tuple[str, str]]:
    """External ID → (name, primary email) each customer was created with, read from the
    journal at ``path`` without writing to it (a dry run journals nothing); empty when there
    is no journal yet or it predates the ``customer_info`` table."""
    if not path.is_file():
        return {}
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            rows = db.execute("SELECT external_id, name, primary_email FROM customer_info")
            return {str(r[0]): (str(r[1]), str(r[2])) for r in rows}
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return {}
        raise JournalError(f"{path} is not a usable journal: {error}") from error
    except sqlite3.DatabaseError as error:
        raise JournalError(f"{path} is not a usable journal: {error}") from error


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class JournalError(Exception):
    """The journal file cannot be opened or is not a provisioning journal."""


class ProvisioningJournal:
    """The SQLite journal of one workbook's import (see the module docstring)."""

    def __init__(self, path: Path, *, synchronous: str = "NORMAL") -> None:
        self.path = path
        if synchronous.upper() not in ("NORMAL", "FULL"):
            raise JournalError(f"journal sync must be NORMAL or FULL, not {synchronous!r}")
        try:
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(f"PRAGMA synchronous={synchronous}")
            self._db.execute("PRAGMA busy_timeout=10000")
            with self._transaction():
                prepare(self._db)  # new tables, or an older journal's missing columns
        except sqlite3.DatabaseError as error:
            raise JournalError(f"{path} is not a usable journal: {error}") from error

    # -- life cycle ---------------------------------------------------------------------
    def close(self) -> None:
        """Checkpoint the WAL into the main file and close."""
        try:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self._db.close()

    def __enter__(self) -> ProvisioningJournal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- runs ---------------------------------------------------------------------------
    def start_run(self, workbook: str, url: str, *, dry_run: bool) -> int:
        """Record the start of a run; its id. A run that never finished (the process was
        killed) reads ``interrupted`` from now on."""
        self._db.execute(
            "UPDATE runs SET outcome='interrupted' WHERE outcome IS NULL AND finished_at IS NULL"
        )
        cursor = self._db.execute(
            "INSERT INTO runs (started_at, workbook, url, dry_run) VALUES (?, ?, ?, ?)",
            (_now(), workbook, url, int(dry_run)),
        )
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, outcome: str, counts: dict[str, int]) -> None:
        """Record how a run ended and what it did."""
        self._db.execute(
            "UPDATE runs SET finished_at=?, outcome=?, sent=?, done=?, failed=?, unchanged=? "
            "WHERE id=?",
            (
                _now(),
                outcome,
                counts.get("sent", 0),
                counts.get("done", 0),
                counts.get("failed", 0),
                counts.get("unchanged", 0),
                run_id,
            ),
        )

    def runs(self) -> list[dict[str, Any]]:
        """Every run, oldest first."""
        return [dict(r) for r in self._db.execute("SELECT * FROM runs ORDER BY id")]

    # -- operations ---------------------------------------------------------------------
    def plan(self, operations: Iterable[PlannedOperation]) -> None:
        """Record the plan: new operations are added as ``planned``; an operation whose
        workbook content changed since it finished (another fingerprint) is planned again,
        keeping the remote id it produced; everything else is left as it is."""
        now = _now()
        with self._transaction():
            for op in operations:
                self._db.execute(
                    "INSERT INTO operations (key, kind, action, sheet, row, customer_external_id,"
                    " location_name, email, fingerprint, state, planned_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?,'planned',?)"
                    " ON CONFLICT(key) DO UPDATE SET row=excluded.row, sheet=excluded.sheet,"
                    " action=excluded.action, fingerprint=excluded.fingerprint,"
                    " state=CASE WHEN operations.fingerprint != excluded.fingerprint"
                    " AND operations.state IN ('done','unchanged') THEN 'planned'"
                    " ELSE operations.state END",
                    (
                        op.key,
                        op.kind,
                        op.action,
                        op.sheet,
                        op.row,
                        op.customer_external_id,
                        op.location_name,
                        op.email,
                        op.fingerprint,
                        now,
                    ),
                )

    def get(self, key: str) -> JournalEntry | None:
        """The entry for ``key``, if planned."""
        row = self._db.execute("SELECT * FROM operations WHERE key=?", (key,)).fetchone()
        return JournalEntry.from_row(row) if row else None

    def entries(self) -> dict[str, JournalEntry]:
        """Every entry by key."""
        rows = self._db.execute("SELECT * FROM operations ORDER BY kind, row")
        return {r["key"]: JournalEntry.from_row(r) for r in rows}

    def mark_sent(self, key: str, run_id: int | None = None) -> None:
        """Durably note that the request for ``key`` is about to leave."""
        self._db.execute(
            "UPDATE operations SET state='sent', sent_at=?, attempts=attempts+1, run_id=?,"
            " error_status=NULL, error_code=NULL, error_message=NULL, tracking_id=NULL"
            " WHERE key=?",
            (_now(), run_id, key),
        )

    def set_remote(
        self,
        key: str,
        remote_id: str | None,
        *,
        org_id: str | None = None,
        remote_status: str | None = None,
    ) -> None:
        """Note what the server answered (the id it produced, the org, its status) while the
        operation is still going on (a customer accepted but still provisioning)."""
        self._db.execute(
            "UPDATE operations SET remote_id=COALESCE(?, remote_id), org_id=COALESCE(?, org_id),"
            " remote_status=COALESCE(?, remote_status) WHERE key=?",
            (remote_id, org_id, remote_status, key),
        )

    def mark_finished(
        self,
        key: str,
        state: OpState,
        remote_id: str | None,
        *,
        org_id: str | None = None,
        remote_status: str | None = None,
    ) -> None:
        """Durably note success: ``done`` (a request changed something) or ``unchanged``."""
        self._db.execute(
            "UPDATE operations SET state=?, finished_at=?, remote_id=COALESCE(?, remote_id),"
            " org_id=COALESCE(?, org_id), remote_status=COALESCE(?, remote_status),"
            " error_status=NULL, error_code=NULL, error_message=NULL WHERE key=?",
            (str(state), _now(), remote_id, org_id, remote_status, key),
        )

    def mark_failed(
        self,
        key: str,
        *,
        code: str,
        message: str,
        status: int | None = None,
        tracking_id: str | None = None,
        state: OpState = OpState.FAILED,
    ) -> None:
        """Durably note a final failure (or ``not-updatable``) of this operation for this run."""
        self._db.execute(
            "UPDATE operations SET state=?, finished_at=?, error_status=?, error_code=?,"
            " error_message=?, tracking_id=? WHERE key=?",
            (str(state), _now(), status, code, message, tracking_id, key),
        )

    def remember_customer_info(self, external_id: str, name: str, primary_email: str) -> None:
        """The name and primary email a customer was created with (the API never shows them)."""
        self._db.execute(
            "INSERT INTO customer_info VALUES (?, ?, ?) ON CONFLICT(external_id) DO UPDATE"
            " SET name=excluded.name, primary_email=excluded.primary_email",
            (external_id, name, primary_email),
        )

    def customer_info(self, external_id: str | None = None) -> dict[str, tuple[str, str]]:
        """External ID → (name, primary email) as each customer was created (only
        ``external_id``'s when given)."""
        sql = "SELECT external_id, name, primary_email FROM customer_info"
        args: tuple[str, ...] = ()
        if external_id is not None:
            sql, args = sql + " WHERE external_id=?", (external_id,)
        return {str(r[0]): (str(r[1]), str(r[2])) for r in self._db.execute(sql, args)}

    def counts(self) -> dict[str, int]:
        """How many operations are in each state."""
        rows = self._db.execute("SELECT state, COUNT(*) FROM operations GROUP BY state")
        return {str(state): int(n) for state, n in rows}

    # -- what billing reconciliation reads ------------------------------------------------
    def record_assist_order(self, key: str, order: AssistOrder) -> None:
        """Remember what a Setup Assist request ordered, as the server answered it. A later
        answer without a timestamp never erases one recorded before."""
        self._db.execute(
            "INSERT INTO assist_orders (key, customer_external_id, location_name, customer_id,"
            " location_id, request_id, seats, sku, quantity, unit_net_price, amount, currency,"
            " requested_completion_date, status, recorded_at, submitted_at, accepted_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(key) DO UPDATE SET customer_external_id=excluded.customer_external_id,"
            " location_name=excluded.location_name, customer_id=excluded.customer_id,"
            " location_id=excluded.location_id, request_id=excluded.request_id,"
            " seats=excluded.seats, sku=excluded.sku, quantity=excluded.quantity,"
            " unit_net_price=excluded.unit_net_price, amount=excluded.amount,"
            " currency=excluded.currency,"
            " requested_completion_date=excluded.requested_completion_date,"
            " status=excluded.status, recorded_at=excluded.recorded_at,"
            " submitted_at=COALESCE(excluded.submitted_at, assist_orders.submitted_at),"
            " accepted_at=COALESCE(excluded.accepted_at, assist_orders.accepted_at)",
            (
                key,
                order.customer_external_id,
                order.location_name,
                order.customer_id,
                order.location_id,
                order.request_id,
                order.seats,
                order.sku,
                order.quantity,
                order.unit_net_price,
                order.amount,
                order.currency,
                order.requested_completion_date,
                order.status,
                _now(),
                order.submitted_at,
                order.accepted_at,
            ),
        )

    def update_assist_status(
        self,
        request_id: str,
        status: str,
        *,
        submitted_at: str | None,
        accepted_at: str | None,
    ) -> None:
        """Note a Setup Assist request's status and server timestamps as a later read of it
        (``GET /requests/{id}``) shows them; a missing timestamp keeps the recorded one."""
        self._db.execute(
            "UPDATE assist_orders SET status=?, submitted_at=COALESCE(?, submitted_at),"
            " accepted_at=COALESCE(?, accepted_at) WHERE request_id=?",
            (status, submitted_at, accepted_at, request_id),
        )

    def assist_orders(self) -> list[AssistOrder]:
        """Every recorded Setup Assist order."""
        rows = self._db.execute(
            "SELECT * FROM assist_orders ORDER BY customer_external_id, location_name"
        )
        return [AssistOrder(**{k: r[k] for k in AssistOrder.__dataclass_fields__}) for r in rows]

    def record_subscriber_package(self, entry: SubscriberPackage) -> None:
        """Remember a subscriber's package (or that the subscriber was deleted)."""
        self._db.execute(
            "INSERT OR REPLACE INTO subscriber_packages VALUES (?,?,?,?,?,?,?,?)",
            (
                entry.email.casefold(),
                entry.customer_external_id,
                entry.customer_id,
                entry.subscriber_id,
                entry.location_name,
                entry.package,
                entry.status,
                _now(),
            ),
        )

    def subscriber_packages(self) -> list[SubscriberPackage]:
        """Every recorded subscriber package."""
        rows = self._db.execute("SELECT * FROM subscriber_packages ORDER BY email")
        return [
            SubscriberPackage(**{k: r[k] for k in SubscriberPackage.__dataclass_fields__})
            for r in rows
        ]
