"""The call log trainers read at ``GET /_sim/requests``.

With ``batch`` 1 every call is written right after its response, so any reader of the table
(the API, the dashboard, another worker) sees it at once: the default on PostgreSQL, where other
workers read the table. A larger batch (``RTM_SIM_LOG_BATCH``; 64 by default on SQLite, which one
process serves) buffers entries per process and writes them together — every ``batch`` calls,
half a second after the first buffered call at the latest, before ``GET /_sim/requests``, the
dashboard or a reset reads or clears the log, and at shutdown. A reader in the same process
never sees the difference; another worker sees a call within half a second; a crash loses at
most the unwritten entries (never API state). It saves a write transaction per call.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import anyio
from sqlalchemy import Table, bindparam, delete, func, insert, select

from simulator.db.store import Store
from simulator.db.tables import RequestLogEntry

INTERVAL_SECONDS = 0.5

_LOG: Table = RequestLogEntry.__table__  # type: ignore[assignment]
_INSERT = insert(_LOG)
_TRIM = delete(_LOG).where(
    _LOG.c.id <= select(func.max(_LOG.c.id)).scalar_subquery() - bindparam("keep")
)
"""Core statements on the table (the ORM's bulk-insert and delete machinery costs several times
the statements themselves, and nothing here needs objects)."""


class CallLog:
    """A process-local buffer of log entries in front of the ``request_log`` table."""

    def __init__(self, keep: int, batch: int = 1) -> None:
        self.keep = keep
        self.batch = batch
        self._pending: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._last_flush = time.monotonic()
        self._timer_set = False

    async def record(self, entry: dict[str, Any], store: Store) -> None:
        """Buffer one entry (on the event loop) and write the buffer when it is full (in the
        thread pool), or half a second after its first entry at the latest (a timer on the
        running loop that hands the write to the thread pool)."""
        if self.add(entry):
            await anyio.to_thread.run_sync(self.flush, store)
        elif not self._timer_set:
            self._timer_set = True
            asyncio.get_running_loop().call_later(INTERVAL_SECONDS, self._on_timer, store)

    def _on_timer(self, store: Store) -> None:
        self._timer_set = False
        asyncio.get_running_loop().run_in_executor(None, self.flush, store)

    def add(self, entry: dict[str, Any]) -> bool:
        """Buffer one entry; True when the buffer should be flushed now."""
        with self._lock:
            self._pending.append(entry)
            waited = time.monotonic() - self._last_flush
            return len(self._pending) >= self.batch or waited >= INTERVAL_SECONDS

    def flush(self, store: Store) -> None:
        """Write every buffered entry and drop the oldest beyond ``keep``."""
        with self._lock:
            pending, self._pending = self._pending, []
            self._last_flush = time.monotonic()
        if not pending:
            return
        with store.transaction() as session:
            session.execute(_INSERT, pending)
            session.execute(_TRIM, {"keep": self.keep})


__all__ = [
    "INTERVAL_SECONDS",
    "CallLog",
]
