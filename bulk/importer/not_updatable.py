"""Changes the provisioning API cannot make (docs/importer.md, "not-updatable").

*Update a Wholesale Customer* takes the packages and the address, never the customer's name or
primary email, and reading a customer never shows them. The journal remembers what each
customer was created with; an ``update`` row that changes either ends ``not-updatable`` with a
message naming the field and where it can be changed (Partner Hub), instead of a silent
``unchanged``. The validator gives the same warning offline from a journal."""

from __future__ import annotations

from dataclasses import dataclass

from bulk.importer.outcome import Failure
from bulk.rules.catalogue import CATALOGUE

FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "Customer Name"),
    ("primary_email", "Primary Email"),
)
"""(row attribute, column header) of the customer fields the API cannot update."""


@dataclass(frozen=True, slots=True)
class Unchangeable:
    """The columns a row changes that the API cannot, and what the customer still has."""

    columns: tuple[str, ...]
    old: tuple[str, ...]

    def message(self, sheet: str, row: int) -> str:
        """The catalogue message: the fields, their current values and where to change them."""
        old = ", ".join(f"'{value}'" for value in self.old)
        return CATALOGUE["not-updatable"].message(
            sheet=sheet, row=row, fields=" and ".join(self.columns), old=old
        )

    def failure(self, sheet: str, row: int) -> Failure:
        """The row's outcome fields."""
        return Failure("not-updatable", self.message(sheet, row), None)


def unchangeable(
    name: str, primary_email: str, known: tuple[str, str] | None
) -> Unchangeable | None:
    """What of ``name`` / ``primary_email`` differs from what the customer was created with
    (``known``, from the journal); ``None`` when nothing does or nothing is known."""
    if known is None:
        return None
    wanted = (name, primary_email)
    pairs = [
        (header, old)
        for (_, header), new, old in zip(FIELDS, wanted, known, strict=True)
        if new and new.strip().casefold() != old.strip().casefold()
    ]
    if not pairs:
        return None
    return Unchangeable(tuple(h for h, _ in pairs), tuple(o for _, o in pairs))


__all__ = ["FIELDS", "Unchangeable", "unchangeable"]
