"""What every defect kind shares: the kind itself and the planting context it works in.

A defect kind changes one host row of a customer group (or inserts a row next to it) so that
the validator reports exactly the issues the kind returns, and nothing else. Kinds never touch
a row another kind has planted on (``Row.planted``) and mark every row they change or copy
from, so two defects never interfere.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bulk.generator.answer_key import PlantedIssue, cell_text
from bulk.generator.builder import GroupBuilder
from bulk.generator.model import CellValue, CustomerGroup, Row, Site
from bulk.generator.options import GeneratorOptions
from bulk.schema import Sheet


@dataclass(slots=True)
class Planting:
    """The context a kind plants in: the run's options, its defect random generator, the
    builder (for fresh emails, phone numbers and streets), and values kinds have made up so
    far (so two made-up values never collide). While ``damaging`` (the ``--excel-damage``
    pass), each changed cell's issue records what the cell held before."""

    options: GeneratorOptions
    rng: random.Random
    builder: GroupBuilder
    memo: set[str] = field(default_factory=set)
    damaging: bool = False

    @property
    def as_of(self) -> date:
        """The submission date of the run."""
        return self.options.as_of

    def issue(self, code: str, row: Row, key: str, /, **params: Any) -> PlantedIssue:
        """An issue at ``row``'s ``key`` column, with the cell's current value."""
        params.setdefault("value", cell_text(row[key]))
        return PlantedIssue(code, row.sheet, key, row, params=params)

    def set(self, row: Row, key: str, new: CellValue, code: str, /, **params: Any) -> PlantedIssue:
        """Write ``new`` into ``row``'s ``key`` column and return the issue it causes (its
        ``value`` parameter defaults to the new cell's text)."""
        original = cell_text(row[key]) if self.damaging else None
        row[key] = new
        row.planted = True
        planted = self.issue(code, row, key, **params)
        planted.original = original
        return planted


def insert_after(rows: list[Row], anchor: Row, new: Row) -> Row:
    """Put ``new`` right after ``anchor`` in ``rows``, marked planted."""
    new.planted = True
    rows.insert(rows.index(anchor) + 1, new)
    return new


def site_of(group: CustomerGroup, row: Row) -> Site | None:
    """The generated location a row belongs to, if any."""
    return group.sites[row.location] if row.location >= 0 else None


Applies = Callable[[CustomerGroup, Row], bool]
Plant = Callable[[Planting, CustomerGroup, Row], list[PlantedIssue]]


@dataclass(frozen=True, slots=True)
class DefectKind:
    """A way to break a workbook: the code it plants, the sheet of its host rows, when a row
    can host it, and how."""

    name: str
    code: str
    sheet: Sheet
    applies: Applies
    plant: Plant


def always(group: CustomerGroup, row: Row) -> bool:
    """Any unplanted row can host the kind."""
    return True
