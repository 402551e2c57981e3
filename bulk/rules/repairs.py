"""Repairs: the replacement value a field rule can offer for a value it refuses or warns about
(docs/validator.md, "Fixes").

A :class:`Fix` is a value for the cell, a :class:`FixKind` and a one-line reason. ``certain``
means only one reading is possible (a state name to its code, a canonical spelling, hidden
spaces); ``likely`` means the most probable reading (a number that lost its ``+`` whose calling
code is the row's country, a postal code that lost its leading zero). A value with no safe
repair gets no fix, and its message says what the partner must decide.

These functions sit beside the rules they repair and read the same tables (the per-country
postal formats, the subdivision codes, the country and language lists, the phone verdict), so a
fix is always a value its own rule accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Fix", "FixKind", "trimmed"]


class FixKind(StrEnum):
    """How sure a fix is: ``certain`` (one reading only) or ``likely`` (the most probable)."""

    CERTAIN = "certain"
    LIKELY = "likely"


@dataclass(frozen=True, slots=True)
class Fix:
    """A replacement value for one cell, how sure it is, and why (one line)."""

    value: str
    kind: FixKind
    reason: str

    def to_json(self) -> dict[str, str]:
        """The ``fix`` object of a JSON report issue."""
        return {"value": self.value, "kind": str(self.kind), "reason": self.reason}


def trimmed(text: str, what: str) -> Fix:
    """Hidden spaces removed: ``text`` is the value as read once they were (certain)."""
    return Fix(text, FixKind.CERTAIN, f"{what} removed")
