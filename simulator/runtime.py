"""What one running simulator hangs off ``app.state``: settings, store and clock."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from simulator.clock import Clock
from simulator.db.store import Store
from simulator.settings import Settings


@dataclass(frozen=True, slots=True)
class Runtime:
    """The simulator's dependencies; one per app, never a module global."""

    settings: Settings
    store: Store
    clock: Clock


def runtime_of(request: Request) -> Runtime:
    """The runtime of the app serving ``request`` (a FastAPI dependency)."""
    found = request.app.state.runtime
    assert isinstance(found, Runtime)
    return found
