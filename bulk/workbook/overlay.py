"""Cell values laid over a sheet's rows as they are read: what the validator sees of a workbook
with changes the partner accepted, without writing the changed copy first (the portal writes
it once, when it is downloaded; docs/portal.md, "Fixing in the page").

An edit is the value the reader gives for the changed cell of the copy
(:func:`bulk.fixing.read_back` makes them), so validating the upload with its edits laid
over it is validating the copy (``tests/bulk/test_fix_overlay.py`` checks both agree).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from bulk.workbook.rawrow import RawRow

__all__ = ["RowEdits", "overlaid"]

RowEdits = Mapping[int, Mapping[int, Any]]
"""One sheet's edits: row number (as Excel shows it) → zero-based column → new value."""


def _edited(values: list[Any], edits: Mapping[int, Any]) -> list[Any]:
    changed = list(values)
    widest = max(edits) + 1
    if len(changed) < widest:
        changed += [""] * (widest - len(changed))
    for column, value in edits.items():
        changed[column] = value
    return changed


def overlaid(rows: Iterable[RawRow], edits: RowEdits | None) -> Iterator[RawRow]:
    """``rows`` with ``edits`` laid over them, in row order; an edit of a row the sheet does
    not have (an empty row) gives that row, holding only the edited cells."""
    if not edits:
        yield from rows
        return
    pending = sorted(edits)
    at = 0
    for raw in rows:
        while at < len(pending) and pending[at] < raw.number:
            yield RawRow(pending[at], _edited([], edits[pending[at]]))
            at += 1
        if at < len(pending) and pending[at] == raw.number:
            raw = raw._replace(values=_edited(raw.values, edits[raw.number]))
            at += 1
        yield raw
    for number in pending[at:]:
        yield RawRow(number, _edited([], edits[number]))
