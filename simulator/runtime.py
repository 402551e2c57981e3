"""What one running simulator hangs off ``app.state``: settings, store and clock."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request

from simulator.calllog import CallLog
from simulator.clock import Clock
from simulator.db.store import Store
from simulator.settings import Settings


@dataclass(frozen=True, slots=True)
class Runtime:
    """The simulator's dependencies; one per app, never a module global."""

    settings: Settings
    store: Store
    clock: Clock
    calls: CallLog = field(default_factory=lambda: CallLog(1000))


def runtime_of(request: Request) -> Runtime:
    """The runtime of the app serving ``request``."""
    found = request.app.state.runtime
    assert isinstance(found, Runtime)
    return found


async def current_runtime(request: Request) -> Runtime:
    """:func:`runtime_of` as a FastAPI dependency; async, so resolving it costs no thread hop."""
    return runtime_of(request)


__all__ = [
    "Runtime",
    "current_runtime",
    "runtime_of",
]
