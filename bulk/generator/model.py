"""What the generator produces before it is written: rows of cells, grouped per customer.

A :class:`Row` holds one worksheet row's cell values in the sheet's column order
(:mod:`bulk.schema`) plus how the row is displayed (hidden, merged cells). Cell values are typed
the way they will be stored: ``str`` is a text cell, :class:`~datetime.date` a date cell, ``int``
and ``float`` number cells (Excel damage), :class:`Formula` a formula, ``None`` an empty cell.
A :class:`CustomerGroup` is everything one customer contributes to the four sheets, with the
facts the defect planter needs (which location each row belongs to, seats per location).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bulk.generator.geography import City, Market
from bulk.schema import CUSTOMERS, LOCATIONS, SETUP_ASSIST, SUBSCRIBERS, Sheet


@dataclass(frozen=True, slots=True)
class Formula:
    """A formula cell: its text (``=UPPER("x")``) and the value Excel would have cached."""

    text: str
    cached: str


CellValue = str | date | int | float | Formula | None

COLUMN_INDEX: dict[str, dict[str, int]] = {
    sheet.name: {column.key: i for i, column in enumerate(sheet.columns)}
    for sheet in (CUSTOMERS, LOCATIONS, SUBSCRIBERS, SETUP_ASSIST)
}
"""Column position by key, per sheet name."""


@dataclass(slots=True)
class Row:
    """One worksheet row: ``cells`` in the sheet's column order."""

    sheet: Sheet
    cells: list[CellValue]
    hidden: bool = False
    merge: tuple[int, int] | None = None
    location: int = -1
    planted: bool = False
    number: int = 0
    extras: dict[str, CellValue] | None = None

    def __getitem__(self, key: str) -> CellValue:
        return self.cells[COLUMN_INDEX[self.sheet.name][key]]

    def __setitem__(self, key: str, value: CellValue) -> None:
        self.cells[COLUMN_INDEX[self.sheet.name][key]] = value

    def text(self, key: str) -> str:
        """A cell's value as text (empty for an empty cell)."""
        value = self[key]
        return "" if value is None else str(value)

    def copy(self) -> Row:
        """An independent copy (cells list duplicated), not marked as planted."""
        return Row(self.sheet, list(self.cells), self.hidden, self.merge, self.location)

    def set_extra(self, header: str, value: CellValue) -> None:
        """Give the row a value in a non-template column."""
        if self.extras is None:
            self.extras = {}
        self.extras[header] = value


def blank_row(sheet: Sheet) -> Row:
    """A row of empty cells."""
    return Row(sheet, [None] * len(sheet.columns))


@dataclass(slots=True)
class Site:
    """A generated location: where it is and how many subscribers sit there."""

    name: str
    city: City
    seats: int = 0
    extension_base: int = 1000
    next_extension: int = 0
    has_assist: bool = False


@dataclass(slots=True)
class CustomerGroup:
    """One customer's rows on the four sheets, in the order they are written."""

    index: int
    market: Market
    external_id: str
    domain: str
    packages: tuple[str, ...]
    customers: list[Row] = field(default_factory=list)
    locations: list[Row] = field(default_factory=list)
    subscribers: list[Row] = field(default_factory=list)
    assists: list[Row] = field(default_factory=list)
    sites: list[Site] = field(default_factory=list)
    used_locals: set[str] = field(default_factory=set)

    @property
    def customer(self) -> Row:
        """The customer's own row (the first on the Customers sheet)."""
        return self.customers[0]

    def rows_of(self, sheet: Sheet) -> list[Row]:
        """The group's rows on ``sheet``."""
        return {
            CUSTOMERS.name: self.customers,
            LOCATIONS.name: self.locations,
            SUBSCRIBERS.name: self.subscribers,
            SETUP_ASSIST.name: self.assists,
        }[sheet.name]
