"""The simulator's clock: real UTC now plus an offset stored in the database.

Time keeps running (so ``clock`` transitions still elapse on their own); ``POST /_sim/clock``
either sets the offset so that *now* is a given instant or adds an ISO-8601 duration to it. Every
worker reads the same offset, so all of them agree on the time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from pydantic import TypeAdapter, ValidationError
from sqlalchemy.orm import Session

from simulator.db.tables import SimState

_DURATION = TypeAdapter(timedelta)


def real_now() -> datetime:
    """The machine's current UTC time."""
    return datetime.now(UTC)


class Clock:
    """Simulator time, read from and moved in the settings row."""

    def __init__(self, source: Callable[[], datetime] = real_now) -> None:
        self._source = source

    def now(self, state: SimState) -> datetime:
        """Simulator time given the settings row."""
        return self.at_offset(state.clock_offset_seconds)

    def at_offset(self, offset_seconds: float) -> datetime:
        """Simulator time given the settings row's clock offset."""
        return self._source() + timedelta(seconds=offset_seconds)

    def set(self, state: SimState, instant: datetime) -> datetime:
        """Move the clock so that it reads ``instant`` now."""
        state.clock_offset_seconds = (instant - self._source()).total_seconds()
        return instant

    def advance(self, state: SimState, by: timedelta) -> datetime:
        """Move the clock forward (or back, for a negative duration) by ``by``."""
        state.clock_offset_seconds += by.total_seconds()
        return self.now(state)

    def reset(self, state: SimState) -> None:
        """Back to real time."""
        state.clock_offset_seconds = 0.0


def parse_duration(text: str) -> timedelta | None:
    """An ISO-8601 duration such as ``P6D``, ``PT1H`` or ``P1DT2H30M`` (no months or years,
    whose length varies), or None when ``text`` is not one."""
    if not text.startswith(("P", "-P")):
        return None
    try:
        return _DURATION.validate_python(text)
    except ValidationError:
        return None


def session_now(clock: Clock, session: Session) -> datetime:
    """Simulator time read inside ``session``."""
    state = session.get(SimState, 1)
    if state is None:
        raise RuntimeError("simulator database is not initialised")
    return clock.now(state)


__all__ = [
    "Clock",
    "parse_duration",
    "real_now",
    "session_now",
]
