"""The engine and the one unit of work every backend method runs in: :meth:`Store.transaction`,
an ORM session committed when its block ends (docs/simulator.md, "Storage and concurrency").

SQLite (the default) runs in WAL mode with a busy timeout, and every transaction that may write
starts with ``BEGIN IMMEDIATE``: the write lock is taken up front, so two writers never both
read, decide and then fail to upgrade (SQLite's classic lost-update/deadlock), and concurrent
requests queue instead of erroring. A transaction opened ``read_only`` starts with a plain
``BEGIN`` (in WAL mode readers never wait for writers). PostgreSQL (``postgresql+psycopg://``)
uses its default isolation with unique constraints and conditional updates guarding the races
that matter; there ``read_only`` changes nothing.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    bindparam,
    create_engine,
    event,
    inspect,
    make_url,
    select,
)
from sqlalchemy.exc import ArgumentError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.util import identity_key
from sqlalchemy.pool import StaticPool

from simulator.db.tables import MIGRATES_FROM, SCHEMA_VERSION, Base, SimState
from simulator.errors import SimulatorError

BUSY_TIMEOUT_MS = 30_000
SQLITE_POOL_SIZE = 40
"""Connections a SQLite file engine keeps open: one for each of the thread pool's 40 workers
(anyio's default), so a busy server never closes and reopens connections (and re-runs the
pragmas) as the default pool of 5 would."""
IN_MEMORY = frozenset({"sqlite://", "sqlite:///:memory:"})
SUPPORTED_BACKENDS = ("sqlite", "postgresql")
URL_FORMS = "sqlite:///FILE or postgresql+psycopg://USER@HOST/DB"


class UnsupportedDatabase(ValueError):
    """A database URL the simulator cannot run on (another database, or a missing driver)."""


def shown(url: str) -> str:
    """``url`` as it may be printed: with its password, if any, masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def make_engine(url: str) -> Engine:
    """An engine for ``url``: SQLite gets WAL, a busy timeout and ``BEGIN IMMEDIATE``."""
    backend = make_url(url).get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise UnsupportedDatabase(
            f"the simulator runs on SQLite or PostgreSQL ({URL_FORMS}), not {backend}"
        )
    try:
        if backend == "postgresql":
            return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
        return _sqlite_engine(url)
    except ImportError as exc:
        raise UnsupportedDatabase(
            f"its driver is not installed ({exc}); the supported forms are {URL_FORMS} "
            "(PostgreSQL needs: pip install -e '.[postgres]')"
        ) from None


def _sqlite_engine(url: str) -> Engine:
    in_memory = url in IN_MEMORY
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        **({"poolclass": StaticPool} if in_memory else {"pool_size": SQLITE_POOL_SIZE}),
    )
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


READ_ONLY = "rtm_read_only"
"""Execution option marking a connection whose transactions only read."""


def _sqlite_begin(connection: Any) -> None:
    # Readers never block writers in WAL mode; only writers take the lock up front.
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def _create_missing_indexes(connection: Connection) -> None:
    """Create every index the tables declare that the database lacks (``create_all`` only
    makes the indexes of tables it creates)."""
    for table in Base.metadata.sorted_tables:
        for index in table.indexes:
            index.create(connection, checkfirst=True)


M = TypeVar("M", bound=Base)


@cache
def _by_key(model: type[Base]) -> Select[Base]:
    (column,) = inspect(model).primary_key
    return select(model).where(column == bindparam("key"))


def by_key(session: Session, model: type[M], key: object) -> M | None:
    """The ``model`` row whose primary key is ``key``, or None: what ``session.get`` reads when
    the row is not in the session yet, through one statement per model built once (``get``
    builds and keys a new one each time, which costs more than running it; docs/PERFORMANCE.md)."""
    found = session.scalars(_by_key(model), {"key": key}).one_or_none()
    assert found is None or isinstance(found, model)
    return found


_STATE_KEY = identity_key(SimState, 1)


class SchemaMismatch(RuntimeError):
    """The database was made by another version of the simulator's tables."""


class Store:
    """The database of one simulator: creates its tables and hands out transactions."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        read_engine = self.engine.execution_options(**{READ_ONLY: True})
        self._read_sessions = sessionmaker(read_engine, expire_on_commit=False)
        self._writers: AbstractContextManager[object] = (
            threading.RLock() if self.is_sqlite else nullcontext()
        )

    @property
    def is_sqlite(self) -> bool:
        """Whether this store is a SQLite file (or memory) database."""
        return self.url.startswith("sqlite")

    def create(self, *, transition_mode: str, delay_seconds: float) -> None:
        """Create missing tables and the settings row (first start only); bring a database of
        a version in :data:`MIGRATES_FROM` up to :data:`SCHEMA_VERSION`."""
        Base.metadata.create_all(self.engine)
        with self.transaction() as session:
            existing = session.get(SimState, 1)
            if existing is not None and existing.schema_version in MIGRATES_FROM:
                _create_missing_indexes(session.connection())
                existing.schema_version = SCHEMA_VERSION
            if existing is not None and existing.schema_version != SCHEMA_VERSION:
                raise SchemaMismatch(
                    f"its tables are version {existing.schema_version}, this simulator needs "
                    f"{SCHEMA_VERSION}; start from a fresh database"
                )
            if existing is None:
                session.add(
                    SimState(
                        id=1,
                        schema_version=SCHEMA_VERSION,
                        clock_offset_seconds=0.0,
                        transition_mode=transition_mode,
                        delay_seconds=delay_seconds,
                        fault_seed=0,
                        fault_rules=[],
                        fault_generation=0,
                        admin_token=None,
                        signing_secret=secrets.token_urlsafe(32),
                    )
                )

    @contextmanager
    def transaction(self, *, read_only: bool = False) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises. A unique
        constraint violation is a 409 conflict.

        On SQLite, this process's writers also queue on a lock of their own: waiting on a
        Python lock wakes a thread the moment the previous writer commits, whereas SQLite's
        busy handler polls with sleeps of up to 100 ms (other processes still meet the busy
        timeout). ``read_only`` transactions (which must not write) take neither lock."""
        integrity_errors = (IntegrityError, self.engine.dialect.loaded_dbapi.IntegrityError)
        sessions = self._read_sessions if read_only else self._sessions
        queue = nullcontext() if read_only else self._writers
        try:
            with queue, sessions() as session, session.begin():
                yield session
        except integrity_errors as exc:
            # Two writers raced past the same "already exists?" check (possible on
            # PostgreSQL); the unique constraint caught the second one.
            raise SimulatorError(
                "api-conflict", reason="the resource conflicts with one created at the same time"
            ) from exc

    def read(self) -> AbstractContextManager[Session]:
        """``transaction(read_only=True)``: for code that only reads."""
        return self.transaction(read_only=True)

    def state(self, session: Session) -> SimState:
        """The settings row (it always exists once :meth:`create` ran); loaded once per
        session, then served from the session's identity map."""
        found = session.identity_map.get(_STATE_KEY) or by_key(session, SimState, 1)
        if not isinstance(found, SimState):
            raise RuntimeError("simulator database is not initialised")
        return found

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


__all__ = [
    "BUSY_TIMEOUT_MS",
    "IN_MEMORY",
    "READ_ONLY",
    "SQLITE_POOL_SIZE",
    "SUPPORTED_BACKENDS",
    "URL_FORMS",
    "SchemaMismatch",
    "Store",
    "UnsupportedDatabase",
    "by_key",
    "make_engine",
    "shown",
]
