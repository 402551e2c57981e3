"""Which cells a fix run changes: one :class:`Change` per cell, from the report's fixes."""

from __future__ import annotations

from dataclasses import dataclass

from bulk.rules.repairs import Fix, FixKind
from bulk.validation.report import Issue, Report

EDITED_KIND = "edited"
"""The ``kind`` of a change the partner typed (the portal's grid), not a rulebook fix."""
EDITED_BY_PARTNER = "edited-by-partner"
"""The ``code`` of a change the partner typed."""

_ACCEPTED: dict[FixKind | None, frozenset[FixKind]] = {
    None: frozenset(FixKind),
    FixKind.LIKELY: frozenset(FixKind),
    FixKind.CERTAIN: frozenset({FixKind.CERTAIN}),
}


@dataclass(frozen=True, slots=True)
class Change:
    """One cell to change: where (template sheet name, A1 reference), from what to what, and
    why (the issue's code, the fix's kind and reason; ``edited``/``edited-by-partner`` for a
    value the partner typed)."""

    sheet: str
    cell: str
    old: str
    new: str
    code: str
    kind: str
    reason: str


def _eligible(issue: Issue, kinds: frozenset[FixKind], codes: frozenset[str] | None) -> bool:
    fix = issue.fix
    return (
        fix is not None
        and bool(issue.cell)
        and fix.kind in kinds
        and (codes is None or issue.code in codes)
    )


def _change(issue: Issue, fix: Fix) -> Change:
    return Change(
        issue.sheet, issue.cell, issue.value, fix.value, issue.code, str(fix.kind), fix.reason
    )


def plan(
    report: Report, *, only: FixKind | None = None, codes: frozenset[str] | None = None
) -> list[Change]:
    """The changes the report's fixes make, one per cell, in report order. ``only=CERTAIN``
    takes certain fixes only, ``only=LIKELY`` (or ``None``) certain and likely ones; ``codes``
    keeps the fixes of those issue codes only.

    When a cell has several fixes, the last one wins: a cell's issues are reported in the order
    its value was read (hidden spaces first, then the format), and each fix is computed from the
    value as read so far, so the last one includes the earlier ones."""
    kinds = _ACCEPTED[only]
    chosen: dict[tuple[str, str], Change] = {}
    for issue in report.issues:
        if _eligible(issue, kinds, codes):
            assert issue.fix is not None
            chosen[(issue.sheet, issue.cell)] = _change(issue, issue.fix)
    return list(chosen.values())
