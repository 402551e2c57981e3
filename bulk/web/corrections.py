"""The changes a partner accepted for one upload: suggested fixes and their own cell edits.

They are kept in the upload's folder (``changes.json``), one entry per cell, and only ever
applied to a copy (``corrected.xlsx``, written by the checking worker with
:func:`bulk.fixing.apply`); the uploaded workbook itself is never modified. A cell changed
twice keeps the value it had in the upload as its ``old`` value; a cell changed back to that
value is no longer a change. See docs/portal.md ("Fixing in the page").
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from bulk.fixing import EDITED_BY_PARTNER, EDITED_KIND, Change

__all__ = [
    "accept",
    "accepted",
    "changes_token",
    "discard",
    "edited",
]


def accepted(path: Path) -> list[Change]:
    """The changes accepted so far (none when the file is missing or unreadable)."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return [Change(**{k: str(v) for k, v in entry.items()}) for entry in stored]
    except (OSError, ValueError, TypeError):
        return []


def accept(path: Path, changes: Iterable[Change]) -> list[Change]:
    """Add ``changes`` to those kept at ``path`` (merged per cell, see the module docstring)
    and save them atomically; the changes now kept."""
    by_cell = {(c.sheet, c.cell): c for c in accepted(path)}
    for change in changes:
        earlier = by_cell.get((change.sheet, change.cell))
        if earlier is not None:
            change = Change(
                change.sheet,
                change.cell,
                earlier.old,
                change.new,
                change.code,
                change.kind,
                change.reason,
            )
        if change.new == change.old:
            by_cell.pop((change.sheet, change.cell), None)
        else:
            by_cell[(change.sheet, change.cell)] = change
    kept = list(by_cell.values())
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps([asdict(c) for c in kept], ensure_ascii=False), "utf-8")
    os.replace(partial, path)
    return kept


def discard(path: Path) -> None:
    """Forget every accepted change (the next check is of the upload as it came)."""
    path.unlink(missing_ok=True)


def edited(sheet: str, cell: str, old: str, new: str) -> Change:
    """The partner's own edit of a cell, as a change."""
    return Change(sheet, cell, old, new, EDITED_BY_PARTNER, EDITED_KIND, "edited in the portal")


def changes_token(changes: Iterable[Change]) -> str:
    """A short digest of what ``changes`` would write: a form carries it, so a click applies
    exactly the fixes the partner saw (never a set that changed since the page was shown)."""
    digest = hashlib.sha256()
    for change in sorted(changes, key=lambda c: (c.sheet, c.cell)):
        digest.update(json.dumps([change.sheet, change.cell, change.new]).encode())
    return digest.hexdigest()[:16]
