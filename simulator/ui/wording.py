"""How the dashboard words values for people: shortened ids and paths (the full value stays in
the page for hover and copy), counted nouns (``1 business day``, ``2 business days``), delays and
the clock offset in days and hours.
"""

from __future__ import annotations

import re

LONG_SEGMENT = 20
"""A path segment longer than this (a base64 id) is shortened on screen."""
_SEGMENT = re.compile(rf"[^/]{{{LONG_SEGMENT + 1},}}")


def short_id(value: str, keep: int = 8) -> str:
    """``SIM_1a2b3c4d…`` for ``SIM_1a2b3c4d-…``: enough to tell ids apart at a glance."""
    prefix, _, rest = value.rpartition("_")
    head = f"{prefix}_" if prefix else ""
    return value if len(rest) <= keep + 1 else f"{head}{rest[:keep]}…"


def short_path(path: str) -> str:
    """The path with every long segment (an id) cut to its first 8 characters and ``…``."""
    return _SEGMENT.sub(lambda found: found.group(0)[:8] + "…", path)


def counted(count: int | float, noun: str, plural: str | None = None) -> str:
    """``1 business day``, ``0 business days``, ``2.5 hours`` (``plural`` when not noun + s)."""
    number = f"{count:g}" if isinstance(count, float) else str(count)
    return f"{number} {noun if count == 1 else (plural or noun + 's')}"


def duration_text(seconds: float) -> str:
    """A delay as people read it: ``45 seconds``, ``30 minutes``, ``1 hour 30 minutes``."""
    whole = max(round(seconds), 0)
    hours, rest = divmod(whole, 3_600)
    minutes, secs = divmod(rest, 60)
    parts = [counted(n, noun) for n, noun in ((hours, "hour"), (minutes, "minute")) if n]
    if secs or not parts:
        parts.append(counted(secs, "second"))
    return " ".join(parts)


def offset_text(seconds: float) -> str:
    """A clock offset as people read it: ``16 days 17 hours behind real time``, ``in step with
    real time`` under a minute, minutes only under an hour."""
    whole = round(seconds)
    if abs(whole) < 60:
        return "in step with real time"
    side = "ahead of" if whole > 0 else "behind"
    days, rest = divmod(abs(whole), 86_400)
    hours, rest = divmod(rest, 3_600)
    parts = [counted(days, "day")] if days else []
    if hours:
        parts.append(counted(hours, "hour"))
    if not days and not hours:
        parts.append(counted(rest // 60, "minute"))
    return f"{' '.join(parts)} {side} real time"


__all__ = ["LONG_SEGMENT", "counted", "duration_text", "offset_text", "short_id", "short_path"]
