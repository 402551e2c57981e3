"""The fixes the report page offers: the validator's suggested fixes (``Issue.fix``, planned
into cell changes by :func:`bulk.fixing.plan`), grouped by code and said in plain words, and
the choice of which of them a click accepts. See docs/portal.md ("Fixing in the page")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from bulk.fixing import Change, plan
from bulk.rules.catalogue import CATALOGUE
from bulk.web.corrections import changes_token
from bulk.web.results import ResultsReader

__all__ = ["PREVIEW", "FixGroup", "FixRefused", "choose", "fix_groups", "suggested"]

PREVIEW = 50
"""Cells listed under a group (each with its own Accept button); the group's button takes all."""

PHRASES: dict[str, tuple[str, str]] = {
    "cell-invalid-phone": (
        "Write {n} phone number in international form",
        "Write {n} phone numbers in international form",
    ),
    "cell-unknown-state": (
        "Write {n} state or province as its code",
        "Write {n} states or provinces as their codes",
    ),
    "cell-invalid-date": ("Write {n} date as YYYY-MM-DD", "Write {n} dates as YYYY-MM-DD"),
    "cell-invalid-state": (
        "Write {n} state or province as its code",
        "Write {n} states or provinces as their codes",
    ),
    "cell-invalid-postal-code": (
        "Restore the leading zero of {n} postal code",
        "Restore the leading zeros of {n} postal codes",
    ),
    "cell-invalid-language": (
        "Write {n} language in its standard spelling",
        "Write {n} languages in their standard spelling",
    ),
    "cell-invalid-country": ("Write {n} country as its code", "Write {n} countries as codes"),
    "cell-invalid-timezone": (
        "Write {n} time zone in its standard spelling",
        "Write {n} time zones in their standard spelling",
    ),
    "cell-whitespace": (
        "Remove the extra spaces from {n} cell",
        "Remove the extra spaces from {n} cells",
    ),
    "cell-invisible-character": (
        "Remove invisible characters from {n} cell",
        "Remove invisible characters from {n} cells",
    ),
    "cell-invalid-email": ("Correct {n} email address", "Correct {n} email addresses"),
    "cell-stored-as-number": ("Store {n} number as text", "Store {n} numbers as text"),
}
"""What accepting a group does, in the partner's words (singular, plural); other codes say
"Fix N cells: <the code's title>"."""


class FixRefused(Exception):
    """A click that no longer matches the fixes on offer (the page was older than the check)."""


@dataclass(frozen=True, slots=True)
class FixGroup:
    """The suggested fixes of one code: what accepting them does, and the cells they change."""

    code: str
    changes: list[Change]

    @property
    def headline(self) -> str:
        """E.g. "Add the + to 23 phone numbers"."""
        n = len(self.changes)
        if self.code == "cell-invalid-phone" and all(c.new == "+" + c.old for c in self.changes):
            return f"Add the + to {n:,} phone number{'s' if n != 1 else ''}"
        if self.code in PHRASES:
            return PHRASES[self.code][n != 1].format(n=f"{n:,}")
        title = CATALOGUE[self.code].title if self.code in CATALOGUE else self.code
        return f"Fix {n:,} cell{'s' if n != 1 else ''}: {title}"

    @property
    def kinds(self) -> list[str]:
        """The kinds of fix in the group (``certain``, ``likely``), in that order."""
        return sorted({c.kind for c in self.changes})

    @property
    def preview(self) -> list[Change]:
        """The first :data:`PREVIEW` changes."""
        return self.changes[:PREVIEW]

    @property
    def token(self) -> str:
        """The token a group's form carries (see :func:`changes_token`)."""
        return changes_token(self.changes)


def suggested(reader: ResultsReader) -> list[Change]:
    """Every change the current report's fixes would make, each with the text its cell holds
    now (the report's value is the value as the validator read it, e.g. in capitals)."""
    changes = plan(reader.report(fixable_only=True))
    held = reader.cells_text((c.sheet, c.cell) for c in changes)
    return [replace(c, old=held.get((c.sheet, c.cell), c.old)) for c in changes]


def fix_groups(changes: Iterable[Change]) -> list[FixGroup]:
    """The changes grouped by code, largest group first."""
    by_code: dict[str, list[Change]] = {}
    for change in changes:
        by_code.setdefault(change.code, []).append(change)
    groups = [FixGroup(code, found) for code, found in by_code.items()]
    return sorted(groups, key=lambda g: (-len(g.changes), g.code))


def choose(offered: list[Change], fields: dict[str, str]) -> list[Change]:
    """The changes a form accepts: ``scope=all`` (with the token of all), ``scope=code`` (a
    group, with its token) or ``scope=cell`` (one fix: sheet, cell and the value it writes).
    Raises :class:`FixRefused` when the fixes on offer are no longer those the page showed."""
    scope = fields.get("scope", "")
    if scope == "cell":
        wanted = (fields.get("sheet"), fields.get("cell"), fields.get("value"))
        picked = [c for c in offered if (c.sheet, c.cell, c.new) == wanted]
    elif scope in ("all", "code"):
        picked = [c for c in offered if scope == "all" or c.code == fields.get("code")]
        if changes_token(picked) != fields.get("token"):
            picked = []
    else:
        raise FixRefused("The form did not say which fixes to accept.")
    if not picked:
        raise FixRefused(
            "These fixes are no longer on offer (the workbook was checked again since the page "
            "was shown); look at the page again."
        )
    return picked
