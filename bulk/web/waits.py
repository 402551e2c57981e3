"""What a running import is waiting for, from the two places it waits: polling a customer
until its provisioning finishes, and backing off before a retry after a 429/503/5xx answer.

The importer's API client takes its ``sleep`` functions from outside; :class:`WaitWatch` hands
it two that remember who is sleeping, so the page can say "3 rows waiting for customer
provisioning since 10:02:31". A row counts as waiting from its first sleep until it has gone
:data:`SETTLED_SECONDS` without sleeping again (a poll is a short sleep, a request, a sleep...).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["SETTLED_SECONDS", "Wait", "WaitReason", "WaitWatch"]

SETTLED_SECONDS = 3.0
"""A row that has not slept for this long is no longer waiting (longer than a poll interval)."""


class WaitReason(StrEnum):
    """Why rows wait, as the page says it."""

    PROVISIONING = "waiting for the API to finish provisioning their customer"
    RETRY = "waiting to retry after the API answered busy (429/503) or failed"


@dataclass(frozen=True, slots=True)
class Wait:
    """Rows waiting for one reason, and since when (seconds since the epoch)."""

    reason: WaitReason
    rows: int
    since: float


@dataclass(slots=True)
class _Sleeper:
    since: float
    last: float
    sleeping: bool


class WaitWatch:
    """Sleep functions that record their sleepers; thread-safe snapshots for the page."""

    def __init__(
        self,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._sleepers: dict[tuple[WaitReason, int], _Sleeper] = {}

    async def provisioning_sleep(self, seconds: float) -> None:
        """The client's pause between two polls of a customer being provisioned."""
        await self._watched(WaitReason.PROVISIONING, seconds)

    async def retry_sleep(self, seconds: float) -> None:
        """The session's back-off before retrying a request."""
        await self._watched(WaitReason.RETRY, seconds)

    async def _watched(self, reason: WaitReason, seconds: float) -> None:
        key = (reason, id(asyncio.current_task()))
        now = self._clock()
        with self._lock:
            found = self._sleepers.get(key)
            if found is None or now - found.last > SETTLED_SECONDS:
                found = self._sleepers[key] = _Sleeper(now, now, True)
            found.sleeping = True
        try:
            await self._sleep(seconds)
        finally:
            with self._lock:
                found.sleeping = False
                found.last = self._clock()

    def snapshot(self) -> list[Wait]:
        """Rows waiting now, per reason, with the earliest start of their wait."""
        now = self._clock()
        grouped: dict[WaitReason, list[float]] = {}
        with self._lock:
            for (reason, _), sleeper in list(self._sleepers.items()):
                if sleeper.sleeping or now - sleeper.last <= SETTLED_SECONDS:
                    grouped.setdefault(reason, []).append(sleeper.since)
        return [Wait(reason, len(starts), min(starts)) for reason, starts in grouped.items()]
