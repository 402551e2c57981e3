"""The shared state of one import run and the bookkeeping around every operation.

Every operation runs through :meth:`ImportRun.guarded` (concurrency bound, failures journaled
against the row, a 401 stops the run) and sends its one changing request through
:meth:`ImportRun.send` (journaled ``sent`` durably before the request leaves).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from bulk.client.errors import ApiError, AuthenticationFailed
from bulk.client.protocol import ProvisioningApi
from bulk.importer.crash import CrashPoint
from bulk.importer.journal import OpState, ProvisioningJournal
from bulk.importer.outcome import Failure
from bulk.importer.progress import ProgressSink, SilentProgress

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """Tuning of a run."""

    concurrency: int = 8
    provisioning_id: str | None = None
    """The customer template new customers are provisioned with (partner file
    ``provisioning_id`` or ``--provisioning-id``); without it no customer is created."""
    poll_interval: float = 0.2
    max_poll_interval: float = 2.0
    provisioning_timeout: float = 900.0
    precheck: bool = True


class OperationFailed(Exception):
    """Raised inside an operation to fail it with a catalogue failure."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


class ImportRun:
    """The shared state of one run: API, journal, concurrency bound, crash hook, counters."""

    def __init__(
        self,
        api: ProvisioningApi,
        journal: ProvisioningJournal,
        options: ImportOptions,
        *,
        progress: ProgressSink | None = None,
        crash: CrashPoint | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.api = api
        self.journal = journal
        self.options = options
        self.progress = progress or SilentProgress()
        self.crash = crash
        self.sleep = sleep
        self.slots = asyncio.Semaphore(max(options.concurrency, 1))
        self.run_id: int | None = None
        self.sends = 0
        self.changed = 0

    def state(self, key: str) -> OpState:
        """The journal state of an operation."""
        entry = self.journal.get(key)
        return entry.state if entry else OpState.PLANNED

    async def send(self, key: str, call: Callable[[], Awaitable[T]]) -> T:
        """Journal ``key`` as sent (durably), make the call, and return its answer. The crash
        hook may kill the process just before the call or just after its answer."""
        self.journal.mark_sent(key, self.run_id)
        self.sends += 1
        index = self.sends
        if self.crash:
            self.crash.check(index, "before")
        try:
            answer = await call()
        except ApiError:
            if self.crash:  # an error answer is an answer too
                self.crash.check(index, "after")
            raise
        if self.crash:
            self.crash.check(index, "after")
        return answer

    def finish(
        self,
        key: str,
        state: OpState,
        remote_id: str | None,
        *,
        org_id: str | None = None,
        remote_status: str | None = None,
    ) -> None:
        """Journal success (done or unchanged)."""
        if state is OpState.DONE:
            self.changed += 1
        self.journal.mark_finished(
            key, state, remote_id, org_id=org_id, remote_status=remote_status
        )

    def fail(self, key: str, failure: Failure) -> None:
        """Journal a failure."""
        self.journal.mark_failed(
            key,
            code=failure.code,
            message=failure.message,
            status=failure.status,
            tracking_id=failure.tracking_id,
        )

    async def guarded(self, key: str, phase: str, work: Callable[[], Awaitable[T]]) -> T | None:
        """Run one operation under the concurrency bound; a failure is journaled against
        ``key`` and ``None`` returned, so sibling rows carry on. A 401 stops everything.
        ``phase`` is advanced when the operation ends (an empty phase advances nothing)."""
        try:
            async with self.slots:
                return await work()
        except AuthenticationFailed:
            raise
        except OperationFailed as failed:
            self.fail(key, failed.failure)
        except ApiError as error:
            self.fail(key, Failure.from_error(error))
        finally:
            if phase:
                self.progress.advance(phase)
        return None

    def block(self, keys: list[str], phase: str, reason: str) -> None:
        """Fail the unfinished operations ``keys`` as import-blocked (their parent failed)."""
        for key in keys:
            if not self.state(key).finished:
                self.fail(key, Failure.of("import-blocked", reason=reason))
            self.progress.advance(phase)

    async def pause(self, seconds: float) -> None:
        """Sleep without holding a concurrency slot (called from inside :meth:`guarded`)."""
        self.slots.release()
        try:
            await self.sleep(seconds)
        finally:
            await self.slots.acquire()
