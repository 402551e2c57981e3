"""When a timed status is due to move on, given the transition mode stored in the database.

``immediate``: at once (the status is due the moment it began; the next request moves it).
``clock``: ``delaySeconds`` of simulator time after the status began. ``manual``: never by
itself, only through ``/_sim/.../advance``. The mode in force when the engine runs decides, so
switching to ``immediate`` moves everything pending.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from simulator.db.tables import SimState
from simulator.lifecycle.states import TransitionMode


def due_at(state: SimState, since: datetime) -> datetime | None:
    """When a status that began at ``since`` moves on, or None (manual mode)."""
    mode = TransitionMode(state.transition_mode)
    if mode is TransitionMode.MANUAL:
        return None
    if mode is TransitionMode.IMMEDIATE:
        return since
    return since + timedelta(seconds=state.delay_seconds)


def due_before(state: SimState, now: datetime) -> datetime | None:
    """The latest start instant of a status that is due by ``now`` (None: none is)."""
    mode = TransitionMode(state.transition_mode)
    if mode is TransitionMode.MANUAL:
        return None
    if mode is TransitionMode.IMMEDIATE:
        return now
    return now - timedelta(seconds=state.delay_seconds)


__all__ = ["due_at", "due_before"]
