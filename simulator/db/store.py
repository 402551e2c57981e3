"""The engine and the unit of work every backend method runs in.

SQLite (the default) runs in WAL mode with a busy timeout, and every transaction starts with
``BEGIN IMMEDIATE``: the write lock is taken up front, so two writers never both read, decide and
then fail to upgrade (SQLite's classic lost-update/deadlock), and concurrent requests queue instead
of erroring. PostgreSQL (``postgresql+psycopg://``) uses its default isolation with unique
constraints and conditional updates guarding the races that matter.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from simulator.db.driver import Driver
from simulator.db.tables import SCHEMA_VERSION, Base, SimState
from simulator.errors import SimulatorError

BUSY_TIMEOUT_MS = 30_000
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
        poolclass=StaticPool if in_memory else None,
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
    # Straight to the driver: SQLAlchemy's statement machinery costs more than the BEGIN itself.
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.connection.driver_connection.execute("BEGIN" if read_only else "BEGIN IMMEDIATE")


class SchemaMismatch(RuntimeError):
    """The database was made by another version of the simulator's tables."""


class Store:
    """The database of one simulator: creates its tables and hands out transactions."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._writers: AbstractContextManager[object] = (
            threading.RLock() if url.startswith("sqlite") else nullcontext()
        )
        self._read_engine = self.engine.execution_options(**{READ_ONLY: True})
        self._read_sessions = sessionmaker(self._read_engine, expire_on_commit=False)
        self._own_connections = self.is_sqlite and url not in IN_MEMORY
        self._own = threading.local()
        self._owned: list[Any] = []
        self._owned_lock = threading.Lock()

    @property
    def is_sqlite(self) -> bool:
        """Whether this store is a SQLite file (or memory) database."""
        return self.url.startswith("sqlite")

    def create(self, *, transition_mode: str, delay_seconds: float) -> None:
        """Create missing tables and the settings row (first start only)."""
        Base.metadata.create_all(self.engine)
        with self.transaction() as session:
            existing = session.get(SimState, 1)
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
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises.

        On SQLite, this process's writers also queue on a lock of their own: waiting on a
        Python lock wakes a thread the moment the previous writer commits, whereas SQLite's
        busy handler polls with sleeps of up to 100 ms (other processes still meet the busy
        timeout)."""
        integrity_errors = (IntegrityError, self.engine.dialect.loaded_dbapi.IntegrityError)
        try:
            with self._writers, self._sessions() as session, session.begin():
                yield session
        except integrity_errors as exc:
            # Two writers raced past the same "already exists?" check (possible on
            # PostgreSQL); the unique constraint caught the second one.
            raise SimulatorError(
                "api-conflict", reason="the resource conflicts with one created at the same time"
            ) from exc

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """:meth:`transaction` on a bare connection, for Core statements on hot paths."""
        with self._writers, self.engine.begin() as connection:
            yield connection

    @contextmanager
    def driver_transaction(self) -> Iterator[Driver]:
        """:meth:`transaction` on a pooled DB-API connection, for prepared statements on the
        hottest paths (:mod:`simulator.db.driver`): committed when the block ends, rolled back
        if it raises; a unique constraint violation is a 409 conflict, as in :meth:`transaction`.
        """
        integrity_error = self.engine.dialect.loaded_dbapi.IntegrityError
        with self._writers, self._dbapi_connection() as connection:
            try:
                if self.is_sqlite:
                    connection.execute("BEGIN IMMEDIATE")
                try:
                    yield Driver(connection, self.engine.dialect)
                except BaseException:
                    connection.rollback()
                    raise
                connection.commit()
            except integrity_error as exc:
                raise SimulatorError(
                    "api-conflict",
                    reason="the resource conflicts with one created at the same time",
                ) from exc

    @contextmanager
    def driver_reading(self) -> Iterator[Driver]:
        """Reads on a pooled DB-API connection, for prepared statements on the hottest paths.
        On SQLite each query reads on its own (autocommit); on PostgreSQL the reads share one
        transaction, rolled back when the connection goes back to the pool."""
        with self._dbapi_connection() as connection:
            yield Driver(connection, self.engine.dialect)

    @contextmanager
    def _dbapi_connection(self) -> Iterator[Any]:
        """A DB-API connection for prepared statements. On a SQLite file each thread keeps one
        of its own, taken out of the pool once (a pool checkout and its reset on return cost more
        than the statements of a token lookup); PostgreSQL connections come from the pool, whose
        pre-ping replaces one the server dropped, and so does SQLite's in-memory database (its
        one shared connection is the whole database)."""
        if not self._own_connections:
            pooled = self.engine.raw_connection()
            try:
                yield pooled.driver_connection
            finally:
                pooled.close()
            return
        own = getattr(self._own, "connection", None)
        if own is None:
            pooled = self.engine.raw_connection()
            own = pooled.driver_connection
            pooled.detach()
            with self._owned_lock:
                self._owned.append(own)
            self._own.connection = own
        yield own

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A transaction that only reads (on SQLite it takes no write lock)."""
        with self._read_sessions() as session, session.begin():
            yield session

    @staticmethod
    def driver_of(session: Session) -> Driver:
        """The DB-API connection of ``session``'s transaction, for prepared statements inside an
        ORM unit of work (pending ORM changes are flushed first, so the statements see them)."""
        session.flush()
        connection = session.connection()
        return Driver(connection.connection.driver_connection, connection.dialect)

    def state(self, session: Session) -> SimState:
        """The settings row (it always exists once :meth:`create` ran); loaded once per
        session, then served from the session's identity map."""
        found = session.get(SimState, 1)
        if found is None:
            raise RuntimeError("simulator database is not initialised")
        return found

    def dispose(self) -> None:
        """Close every pooled connection (and the threads' own SQLite connections)."""
        with self._owned_lock:
            owned, self._owned = self._owned, []
        for connection in owned:
            connection.close()
        self._own = threading.local()
        self.engine.dispose()
