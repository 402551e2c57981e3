"""The store: SQLite pragmas, read transactions that never wait for writers, unique-constraint
races turned into 409s, the settings row."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from simulator.db.store import Store
from simulator.db.tables import SCHEMA_VERSION, Partner
from simulator.errors import SimulatorError
from tests.simulator.support import Sim


def _store(tmp_path: Path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    store.create(transition_mode="clock", delay_seconds=5)
    return store


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    store.dispose()


def test_readers_do_not_wait_for_a_writer(tmp_path: Path) -> None:
    store = _store(tmp_path)
    writer = sqlite3.connect(tmp_path / "store.sqlite", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    # The writer keeps its lock until after the read: a reader that needed the lock could
    # never get it and would fail with "database is locked" after the busy timeout.
    with store.read() as session:
        assert store.state(session).transition_mode == "clock"
    assert writer.in_transaction
    writer.execute("ROLLBACK")
    writer.close()
    store.dispose()


def test_a_unique_constraint_race_is_a_409_conflict(tmp_path: Path) -> None:
    store = _store(tmp_path)
    now = datetime.now(UTC)
    with store.transaction() as session:
        session.add(Partner(name="acme", org_id="org-1", created_at=now))
    with pytest.raises(SimulatorError) as caught, store.transaction() as session:
        session.add(Partner(name="acme", org_id="org-2", created_at=now))
    assert caught.value.status == 409 and caught.value.violation.code == "api-conflict"
    store.dispose()


def test_the_settings_row_is_created_once(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with store.transaction() as session:
        store.state(session).delay_seconds = 42
    store.create(transition_mode="immediate", delay_seconds=1)
    with store.read() as session:
        state = store.state(session)
        assert (state.transition_mode, state.delay_seconds) == ("clock", 42)
        assert len(state.signing_secret) >= 32
    store.dispose()


ADDED_IN_3 = {
    "subscribers": {
        "ix_subscribers_phone",
        "ix_subscribers_extension",
        "ix_subscribers_package",
        "ix_subscribers_status",
    },
    "customers": {"ix_customers_status"},
    "billing_reports": {"ix_billing_reports_status"},
    "assist_requests": {"ix_assist_requests_status"},
}


def _indexes(store: Store) -> dict[str, set[str]]:
    found = inspect(store.engine)
    return {table: {ix["name"] or "" for ix in found.get_indexes(table)} for table in ADDED_IN_3}


def test_a_version_2_database_gets_the_indexes_of_version_3(sim: Sim) -> None:
    store = sim.client.app.state.runtime.store  # type: ignore[attr-defined]
    with store.transaction() as session:
        for names in ADDED_IN_3.values():
            for name in names:
                session.execute(text(f"DROP INDEX {name}"))
        store.state(session).schema_version = 2
    assert all(not names & _indexes(store)[table] for table, names in ADDED_IN_3.items())
    store.create(transition_mode="clock", delay_seconds=5)
    with store.read() as session:
        assert store.state(session).schema_version == SCHEMA_VERSION == 3
    assert all(names <= _indexes(store)[table] for table, names in ADDED_IN_3.items())
