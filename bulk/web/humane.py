"""Times, dates and sizes as a person reads them (template filters of the portal): "4.2 MB",
"3 Dec 2026, 09:14 UTC", "Wed 25 Nov 2026". Times are shown in UTC and say so."""

from __future__ import annotations

import datetime as dt

__all__ = ["FILTERS", "clock", "clock_day", "day", "size", "when"]


def size(count: int) -> str:
    """Bytes as B, KB or MB with at most one decimal, none when it is zero (``100 MB``)."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if count >= scale:
            value = f"{count / scale:,.1f}".removesuffix(".0")
            return f"{value} {unit}"
    return f"{count} B"


def _moment(value: dt.datetime) -> str:
    moment = value.astimezone(dt.UTC)
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def when(text: str) -> str:
    """An ISO timestamp as ``3 Dec 2026, 09:14 UTC`` (the text itself when it is not one)."""
    try:
        return _moment(dt.datetime.fromisoformat(text))
    except (TypeError, ValueError):
        return str(text)


def clock_day(epoch: float) -> str:
    """Seconds since the epoch as ``3 Dec 2026, 09:14 UTC``."""
    return _moment(dt.datetime.fromtimestamp(epoch, dt.UTC))


def clock(epoch: float) -> str:
    """Seconds since the epoch as ``09:14:05 UTC``."""
    return f"{dt.datetime.fromtimestamp(epoch, dt.UTC):%H:%M:%S} UTC"


def day(text: str) -> str:
    """An ISO date as ``Wed 25 Nov 2026``."""
    try:
        value = dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return str(text)
    return f"{value:%a} {value.day} {value:%b %Y}"


FILTERS = {"size": size, "when": when, "clock": clock, "clock_day": clock_day, "day": day}
