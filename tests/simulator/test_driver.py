"""Prepared statements on the DB-API connection read and write exactly what the ORM does, on
SQLite and PostgreSQL: aware datetimes, JSON, floats and booleans round-trip; a failed block
rolls back; a unique-constraint violation is a 409; statements that would need SQLAlchemy's
execution machinery are refused when prepared. On a SQLite file each thread keeps a connection of
its own."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import bindparam, exists, insert, select

from simulator.db.driver import Prepared
from simulator.db.store import Store
from simulator.db.tables import SimState, StatusChange
from simulator.errors import SimulatorError
from tests.simulator.support import Sim

AT = datetime(2026, 11, 25, 19, 30, 15, 123456, tzinfo=UTC)

_INSERT = Prepared(
    insert(StatusChange).values(
        id=bindparam("id"),
        partner_id=bindparam("partner"),
        resource_type="subscriber",
        resource_id=bindparam("resource"),
        status=bindparam("status"),
        at=bindparam("at"),
    )
)
_READ = Prepared(
    select(
        StatusChange.status,
        StatusChange.at,
        exists().where(StatusChange.resource_id == bindparam("resource")),
        exists().where(StatusChange.resource_id == bindparam("other")),
    ).where(StatusChange.resource_id == bindparam("resource"))
)
_STATE = Prepared(
    select(SimState.clock_offset_seconds, SimState.fault_rules, SimState.transition_mode).where(
        SimState.id == 1
    )
)


def _store(sim: Sim) -> Store:
    store: Store = sim.client.app.state.runtime.store  # type: ignore[attr-defined]
    return store


def _history(store: Store, resource: str) -> list[StatusChange]:
    with store.read() as session:
        return list(
            session.scalars(select(StatusChange).where(StatusChange.resource_id == resource))
        )


def test_values_round_trip_as_through_the_orm(sim: Sim) -> None:
    store = _store(sim)
    with store.driver_transaction() as db:
        db.run(_INSERT, id=9001, partner=1, resource="r-1", status="provisioned", at=AT)
    (stored,) = _history(store, "r-1")
    assert (stored.status, stored.at) == ("provisioned", AT)
    with store.driver_reading() as db:
        status, at, found, other = db.first(_READ, resource="r-1", other="nobody") or ()
    assert (status, at) == ("provisioned", AT)
    assert at.tzinfo is not None
    assert found is True and other is False
    with store.driver_reading() as db:
        assert db.first(_READ, resource="nobody", other="nobody") is None


def test_json_and_float_columns_read_as_the_orm_reads_them(sim: Sim) -> None:
    store = _store(sim)
    rules = [{"route": "/v1/*", "status": 503, "rate": 0.25}]
    with store.transaction() as session:
        state = store.state(session)
        state.fault_rules = rules
        state.clock_offset_seconds = 86_400.5
    with store.driver_reading() as db:
        assert db.first(_STATE) == (86_400.5, rules, "immediate")


def test_a_block_that_raises_leaves_nothing_behind(sim: Sim) -> None:
    store = _store(sim)
    with pytest.raises(RuntimeError), store.driver_transaction() as db:
        db.run(_INSERT, id=9002, partner=1, resource="r-2", status="provisioned", at=AT)
        raise RuntimeError("the request failed half way")
    assert _history(store, "r-2") == []


def test_a_unique_constraint_violation_is_a_conflict(sim: Sim) -> None:
    store = _store(sim)
    with store.driver_transaction() as db:
        db.run(_INSERT, id=9003, partner=1, resource="r-3", status="provisioned", at=AT)
    later = AT + timedelta(seconds=1)
    with pytest.raises(SimulatorError) as refused, store.driver_transaction() as db:
        db.run(_INSERT, id=9004, partner=1, resource="r-3", status="removed", at=later)
        db.run(_INSERT, id=9003, partner=1, resource="r-3", status="removed", at=later)
    assert refused.value.violation.code == "api-conflict"
    assert [row.status for row in _history(store, "r-3")] == ["provisioned"]


def test_a_statement_needing_python_side_defaults_is_refused_when_prepared(sim: Sim) -> None:
    store = _store(sim)
    missing_defaults = Prepared(insert(SimState).values(id=bindparam("id")))
    with pytest.raises(ValueError, match="Python-side defaults"):
        missing_defaults.for_dialect(store.engine.dialect)


def test_each_thread_keeps_a_sqlite_connection_of_its_own_until_disposed(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'own.sqlite'}")
    store.create(transition_mode="immediate", delay_seconds=5)

    def connection() -> object:
        with store.driver_reading() as db:
            assert db.first(_STATE) is not None
            return db.connection

    first = connection()
    assert connection() is first
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(connection).result() is not first
    store.dispose()
    with pytest.raises(sqlite3.ProgrammingError):
        first.execute("SELECT 1")  # type: ignore[attr-defined]
    assert connection() is not first
    store.dispose()


def test_an_in_memory_database_keeps_its_one_shared_connection() -> None:
    store = Store("sqlite://")
    store.create(transition_mode="manual", delay_seconds=5)
    with store.driver_transaction() as db:
        db.run(_INSERT, id=1, partner=1, resource="r-m", status="provisioned", at=AT)
    assert [row.status for row in _history(store, "r-m")] == ["provisioned"]
    with store.driver_reading() as db:
        assert db.first(_STATE) == (0.0, [], "manual")
    store.dispose()
