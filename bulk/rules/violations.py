"""The value every rule returns when something is wrong: a catalogue code and a rendered message."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from bulk.rules.catalogue import CATALOGUE, Severity
from bulk.rules.repairs import Fix

__all__ = ["RuleViolation", "Violation"]


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule: a stable catalogue ``code``, a message a partner can act on, and
    optionally the name of the field (API field or workbook column key) it concerns, and the
    :class:`~bulk.rules.repairs.Fix` the rule offers for the value, when it has a safe one."""

    code: str
    message: str
    field: str | None = None
    params: dict[str, Any] = dataclasses.field(default_factory=dict, compare=False, hash=False)
    fix: Fix | None = dataclasses.field(default=None, compare=False)

    @property
    def severity(self) -> Severity:
        """The severity the catalogue gives this code."""
        return CATALOGUE[self.code].severity

    @classmethod
    def of(cls, code: str, field: str | None = None, **params: Any) -> Violation:
        """Build a violation whose message is the catalogue template filled with ``params``."""
        return cls(code, CATALOGUE[code].message(**params), field, dict(params))

    def repaired(self, fix: Fix | None) -> Violation:
        """The same violation offering ``fix`` (itself when ``fix`` is ``None``)."""
        return self if fix is None else dataclasses.replace(self, fix=fix)


class RuleViolation(Exception):
    """Raised by callers (the simulator's backends) that turn a list of violations into one
    failure; the first violation decides the wire status."""

    def __init__(self, violations: list[Violation]) -> None:
        if not violations:
            raise ValueError("RuleViolation needs at least one violation")
        super().__init__("; ".join(v.message for v in violations))
        self.violations = violations

    @property
    def first(self) -> Violation:
        """The violation that decides the HTTP status."""
        return self.violations[0]
