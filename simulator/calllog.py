"""The call log trainers read at ``GET /_sim/requests``.

By default every call is written right after its response (``batch`` 1), so any reader of the
table (the API, the dashboard, another worker) sees it at once. A larger batch
(``RTM_SIM_LOG_BATCH``) buffers entries per process and writes them together — every ``batch``
calls or half a second, when ``GET /_sim/requests`` reads the log, and at shutdown — trading a
little freshness (and, on a crash, the last unwritten entries; never API state) for throughput.
"""

from __future__ import annotations

import threading
import time
from typing import Any

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
        with store.writing() as connection:
            connection.execute(_INSERT, pending)
            connection.execute(_TRIM, {"keep": self.keep})
