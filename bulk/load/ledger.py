"""What a load process saw acknowledged, and which errors it met.

Every operation the API acknowledged (a 2xx answer naming a new resource) is remembered by the
resource's id, so that after the run each one can be looked up on the server: nothing
acknowledged may be missing. Errors are counted by catalogue code (the ``code`` of the Webex
error body), or ``http-<status>`` / ``connection-error`` when there is none.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

KINDS: tuple[str, ...] = ("customers", "locations", "subscribers", "assists", "billing")
"""Resource kinds a load run creates and verifies."""


@dataclass(slots=True)
class Ledger:
    """Acknowledged resource ids per kind and errors per code, for one load process."""

    acknowledged: dict[str, set[str]] = field(default_factory=lambda: {k: set() for k in KINDS})
    errors: Counter[str] = field(default_factory=Counter)
    journeys: int = 0
    journeys_done: int = 0

    def acknowledge(self, kind: str, resource_id: str) -> None:
        """Remember an acknowledged resource."""
        self.acknowledged[kind].add(resource_id)

    def error(self, code: str) -> None:
        """Count an error by its code."""
        self.errors[code] += 1

    def counts(self) -> dict[str, int]:
        """Acknowledged resources per kind."""
        return {kind: len(ids) for kind, ids in self.acknowledged.items()}

    def to_json(self) -> dict[str, Any]:
        """A JSON-able form (what a Locust worker reports to its master)."""
        return {
            "acknowledged": self.counts(),
            "errors": dict(self.errors),
            "journeys": self.journeys,
            "journeys_done": self.journeys_done,
        }
