"""The reader's output types, shared by the fast and the careful paths."""

from __future__ import annotations

from typing import Any, NamedTuple

from bulk.workbook.cells import Cell, cell_ref, column_letter, kind_of


class MergedRange(NamedTuple):
    """A merged range, zero-based and inclusive, as calamine reports it."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int

    @property
    def ref(self) -> str:
        """The range in A1 notation, e.g. ``B2:C2``."""
        start = cell_ref(self.first_column, self.first_row + 1)
        return f"{start}:{cell_ref(self.last_column, self.last_row + 1)}"


class RawRow(NamedTuple):
    """One worksheet row: its number as Excel shows it, the values from column A on (``""``
    for an empty cell), and whether the row is hidden."""

    number: int
    values: list[Any]
    hidden: bool = False

    def cells(self) -> list[Cell]:
        """The row's non-empty cells with their column letters, references and kinds."""
        return [
            Cell(column_letter(i), cell_ref(i, self.number), v, kind_of(v))
            for i, v in enumerate(self.values)
            if v != "" and v is not None
        ]

    @property
    def blank(self) -> bool:
        """Whether every cell is empty (or only spaces)."""
        return all(
            v == "" or v is None or (isinstance(v, str) and not v.strip()) for v in self.values
        )
