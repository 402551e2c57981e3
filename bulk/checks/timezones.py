"""Time zone cells: an IANA zone name (``zoneinfo``), matched case-insensitively."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache
from typing import Any

from bulk.checks.text import as_text
from bulk.rules.violations import Violation
from bulk.schema import Column


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return {zone.casefold(): zone for zone in zoneinfo.available_timezones()}


@lru_cache(maxsize=1)
def zone_names() -> frozenset[str]:
    """Every IANA zone name, as spelt canonically."""
    return frozenset(_zones().values())


def canonical_timezone(text: str) -> str | None:
    """The IANA spelling of a zone name, or ``None`` when there is no such zone."""
    return _zones().get(text.replace(" ", "_").casefold())


def read_timezone(raw: Any, column: Column, found: list[Violation]) -> str:
    """A time zone cell: the canonical IANA name."""
    text = as_text(raw)
    zone = canonical_timezone(text)
    if zone is None:
        found.append(Violation.of("cell-invalid-timezone", column.key, value=text))
        return text
    return zone
