"""The provisioning journal: states, re-planning on changed rows, durability settings, the
reconciliation tables (with the server's Setup Assist timestamps), the migration of an older
journal file, and refusal of a file that is not a journal."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulk.importer import (
    AssistOrder,
    JournalError,
    OpState,
    PlannedOperation,
    ProvisioningJournal,
    SubscriberPackage,
    default_journal_path,
)
from bulk.importer.journal import SCHEMA_VERSION, remembered_customers


def op(key: str = "subscriber:a", fingerprint: str = "f1", row: int = 2) -> PlannedOperation:
    return PlannedOperation(
        key, "subscriber", "create", "Subscribers", row, fingerprint, "c", None, "a@x"
    )


def test_default_path_is_beside_the_workbook() -> None:
    assert default_journal_path(Path("/data/load.xlsx")) == Path("/data/load.xlsx.journal.sqlite")


def test_operation_moves_planned_sent_done_and_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    with ProvisioningJournal(path) as journal:
        journal.plan([op()])
        assert journal.get("subscriber:a").state is OpState.PLANNED  # type: ignore[union-attr]
        journal.mark_sent("subscriber:a")
        entry = journal.get("subscriber:a")
        assert entry is not None and entry.state is OpState.SENT and entry.attempts == 1
        assert entry.sent_at is not None
        journal.mark_finished("subscriber:a", OpState.DONE, "S-1", remote_status="provisioned")
    with ProvisioningJournal(path) as journal:
        entry = journal.get("subscriber:a")
        assert entry is not None
        assert (entry.state, entry.remote_id, entry.remote_status) == (
            OpState.DONE,
            "S-1",
            "provisioned",
        )
        assert journal.counts() == {"done": 1}


def test_failure_is_recorded_and_cleared_by_the_next_send(tmp_path: Path) -> None:
    with ProvisioningJournal(tmp_path / "j.sqlite") as journal:
        journal.plan([op()])
        journal.mark_sent("subscriber:a")
        journal.mark_failed(
            "subscriber:a", code="api-conflict", message="exists", status=409, tracking_id="T"
        )
        entry = journal.get("subscriber:a")
        assert entry is not None and entry.state is OpState.FAILED
        assert (entry.error_code, entry.error_status, entry.tracking_id) == (
            "api-conflict",
            409,
            "T",
        )
        journal.mark_sent("subscriber:a")
        entry = journal.get("subscriber:a")
        assert entry is not None and entry.error_code is None and entry.attempts == 2


def test_replanning_keeps_finished_rows_unless_their_content_changed(tmp_path: Path) -> None:
    with ProvisioningJournal(tmp_path / "j.sqlite") as journal:
        journal.plan([op("k1", "f1"), op("k2", "f2")])
        for key in ("k1", "k2"):
            journal.mark_sent(key)
            journal.mark_finished(key, OpState.DONE, f"id-{key}")
        journal.plan([op("k1", "f1", row=5), op("k2", "CHANGED"), op("k3", "f3")])
        entries = journal.entries()
        assert entries["k1"].state is OpState.DONE and entries["k1"].row == 5
        assert entries["k2"].state is OpState.PLANNED and entries["k2"].remote_id == "id-k2"
        assert entries["k3"].state is OpState.PLANNED


def test_sent_operation_stays_sent_when_replanned(tmp_path: Path) -> None:
    """A crash between sending and journaling leaves 'sent': the rerun must see it."""
    with ProvisioningJournal(tmp_path / "j.sqlite") as journal:
        journal.plan([op()])
        journal.mark_sent("subscriber:a")
        journal.plan([op()])
        assert journal.get("subscriber:a").state is OpState.SENT  # type: ignore[union-attr]


@pytest.mark.parametrize(("setting", "level"), [("NORMAL", 1), ("FULL", 2)])
def test_durability_settings_are_wal_and_the_chosen_sync(
    tmp_path: Path, setting: str, level: int
) -> None:
    path = tmp_path / "j.sqlite"
    journal = ProvisioningJournal(path, synchronous=setting)
    mode = journal._db.execute("PRAGMA journal_mode").fetchone()[0]
    sync = journal._db.execute("PRAGMA synchronous").fetchone()[0]
    journal.close()
    assert (mode, sync) == ("wal", level)


def test_an_unknown_sync_setting_is_refused(tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="NORMAL or FULL"):
        ProvisioningJournal(tmp_path / "j.sqlite", synchronous="OFF")


def test_a_write_is_visible_to_another_connection_immediately(tmp_path: Path) -> None:
    """Each state change is committed on its own (no open transaction holds it back)."""
    path = tmp_path / "j.sqlite"
    with ProvisioningJournal(path) as journal:
        journal.plan([op()])
        journal.mark_sent("subscriber:a")
        other = sqlite3.connect(path)
        assert other.execute("SELECT state FROM operations").fetchone() == ("sent",)
        other.close()


def test_reconciliation_tables_round_trip(tmp_path: Path) -> None:
    order = AssistOrder(
        "acme",
        "HQ",
        "C1",
        "L1",
        "R1",
        9,
        "STANDARD",
        9,
        "42.00",
        "378.00",
        "USD",
        "2027-06-14",
        "submitted",
    )
    package = SubscriberPackage(
        "Dana@Acme.example", "acme", "C1", "S1", "HQ", "webex_calling", "provisioned"
    )
    with ProvisioningJournal(tmp_path / "j.sqlite") as journal:
        journal.record_assist_order("assist:x", order)
        journal.record_assist_order("assist:x", order)  # recorded once, however often
        journal.record_subscriber_package(package)
        assert journal.assist_orders() == [order]
        stored = journal.subscriber_packages()
        assert len(stored) == 1 and stored[0].email == "dana@acme.example"
        assert stored[0].package == "webex_calling"


VERSION_1_ASSIST_ORDERS = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1');
CREATE TABLE assist_orders (
    key TEXT PRIMARY KEY, customer_external_id TEXT NOT NULL, location_name TEXT NOT NULL,
    customer_id TEXT, location_id TEXT, request_id TEXT NOT NULL,
    seats INTEGER NOT NULL, sku TEXT NOT NULL, quantity INTEGER NOT NULL,
    unit_net_price TEXT, amount TEXT, currency TEXT,
    requested_completion_date TEXT, status TEXT, recorded_at TEXT NOT NULL
);
INSERT INTO assist_orders VALUES ('assist:acme/HQ', 'acme', 'HQ', 'C1', 'L1', 'R1', 3,
    'EXPRESS', 1, '174.30', '174.30', 'USD', '2027-06-14', 'accepted', '2026-11-19T10:00:00');
"""


def test_a_version_1_journal_gains_the_server_timestamp_columns_and_keeps_its_rows(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite"
    with closing(sqlite3.connect(path)) as db:
        db.executescript(VERSION_1_ASSIST_ORDERS)
    with ProvisioningJournal(path) as journal:
        (old,) = journal.assist_orders()
        assert (old.request_id, old.status, old.submitted_at, old.accepted_at) == (
            "R1",
            "accepted",
            None,
            None,
        )
        journal.update_assist_status(
            "R1", "in_progress", submitted_at="2027-03-10T09:00:00.000Z", accepted_at=None
        )
        (seen,) = journal.assist_orders()
        assert (seen.status, seen.submitted_at, seen.accepted_at) == (
            "in_progress",
            "2027-03-10T09:00:00.000Z",
            None,
        )
    with closing(sqlite3.connect(path)) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(assist_orders)")]
        version = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    assert columns[-2:] == ["submitted_at", "accepted_at"] and version == (SCHEMA_VERSION,)
    with ProvisioningJournal(path) as journal:  # opening again migrates nothing twice
        assert len(journal.assist_orders()) == 1


def test_the_server_timestamps_are_kept_and_never_erased_by_a_later_answer(
    tmp_path: Path,
) -> None:
    submitted = AssistOrder(
        "acme",
        "HQ",
        "C1",
        "L1",
        "R1",
        3,
        "EXPRESS",
        1,
        "174.30",
        "174.30",
        "USD",
        "2027-06-14",
        "submitted",
        submitted_at="2027-03-31T23:59:50.000Z",
    )
    accepted = replace(submitted, status="accepted", accepted_at="2027-04-01T00:00:10.000Z")
    with ProvisioningJournal(tmp_path / "j.sqlite") as journal:
        journal.record_assist_order("assist:x", submitted)
        assert journal.assist_orders() == [submitted]
        journal.record_assist_order("assist:x", accepted)
        journal.record_assist_order("assist:x", replace(accepted, accepted_at=None))
        assert journal.assist_orders() == [accepted]


def test_runs_are_recorded(tmp_path: Path) -> None:
    with ProvisioningJournal(tmp_path / "j.sqlite") as journal:
        run_id = journal.start_run("book.xlsx", "http://x", dry_run=False)
        journal.finish_run(run_id, "finished", {"sent": 3, "done": 2})
        (run,) = journal.runs()
        assert (run["outcome"], run["sent"], run["done"]) == ("finished", 3, 2)


def test_a_file_that_is_not_a_journal_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "not.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(JournalError, match="not a usable journal"):
        ProvisioningJournal(path)


@settings(max_examples=30)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["k1", "k2", "k3"]), st.sampled_from(["sent", "done", "failed", "plan"])
        ),
        max_size=25,
    )
)
def test_any_sequence_of_writes_reads_back_the_last_state(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, str]]
) -> None:
    path = tmp_path_factory.mktemp("j") / "j.sqlite"
    expected = {k: OpState.PLANNED for k in ("k1", "k2", "k3")}
    with ProvisioningJournal(path) as journal:
        journal.plan([op(k) for k in expected])
        for key, action in steps:
            if action == "sent":
                journal.mark_sent(key)
                expected[key] = OpState.SENT
            elif action == "done":
                journal.mark_finished(key, OpState.DONE, "id")
                expected[key] = OpState.DONE
            elif action == "failed":
                journal.mark_failed(key, code="api-conflict", message="x")
                expected[key] = OpState.FAILED
            else:
                journal.plan([op(key)])
    with ProvisioningJournal(path) as journal:
        assert {k: e.state for k, e in journal.entries().items()} == expected


def test_a_dry_run_reads_remembered_customers_without_writing(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx.journal.sqlite"
    assert remembered_customers(path) == {} and not path.exists()  # no journal: none created
    with ProvisioningJournal(path) as journal:
        journal.remember_customer_info("acme-1", "Acme Ltd", "it@acme.test")
    before = path.read_bytes()
    assert remembered_customers(path) == {"acme-1": ("Acme Ltd", "it@acme.test")}
    assert path.read_bytes() == before
    (tmp_path / "notes.sqlite").write_text("not a journal\n", encoding="utf-8")
    with pytest.raises(JournalError, match="not a usable journal"):
        remembered_customers(tmp_path / "notes.sqlite")
