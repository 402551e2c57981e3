"""Open a workbook and stream its sheets' rows.

``open_workbook`` sniffs the file, checks the zip's declared sizes against :class:`Limits`,
reads the workbook part, then byte-scans each sheet asked for. Clean sheets are read with
python-calamine (fast); sheets with formulas, hidden rows, a namespace prefix or a huge extent
are streamed by the careful reader, which sees those and never allocates the sheet's grid.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import python_calamine

from bulk.workbook.careful import CarefulSheet, date_styles, shared_strings
from bulk.workbook.limits import Limits, WorkbookUnusable, too_large, unreadable
from bulk.workbook.package import SheetEntry, XlsxPackage, open_package
from bulk.workbook.rawrow import MergedRange, RawRow
from bulk.workbook.scan import SheetScan, scan_sheet

_CALAMINE_ERRORS = (python_calamine.CalamineError, ValueError, OSError)


class SheetReader:
    """One sheet: scanned, then read by the fast or the careful path."""

    def __init__(self, book: Workbook, entry: SheetEntry, scan: SheetScan) -> None:
        self.book = book
        self.entry = entry
        self.scan = scan
        self.merged: list[MergedRange] = []

    @property
    def name(self) -> str:
        """The sheet's name as written in the workbook."""
        return self.entry.name

    @property
    def careful(self) -> bool:
        """Whether this sheet is read by the careful streaming reader."""
        return self.scan.needs_care or self.scan.grid_cells > self.book.limits.max_grid_cells

    def rows(self) -> Iterator[RawRow]:
        """Every row that has a cell, in order; ``merged`` is complete after the last row."""
        if self.careful:
            yield from self._careful_rows()
        else:
            yield from self._fast_rows()

    def _careful_rows(self) -> Iterator[RawRow]:
        sheet = CarefulSheet(
            self.book.package, self.entry.part, self.book.strings(), self.book.date_styles()
        )
        yield from sheet.rows()
        self.merged = sheet.merged

    def _fast_rows(self) -> Iterator[RawRow]:
        sheet = self.book.calamine_sheet(self.entry.name)
        self.merged = [MergedRange(a, b, c, d) for (a, b), (c, d) in sheet.merged_cell_ranges or []]
        start = sheet.start
        if start is None:
            return
        first_row, first_col = start
        pad: list[Any] = [""] * first_col
        try:
            for offset, values in enumerate(sheet.iter_rows()):
                yield RawRow(first_row + offset + 1, pad + values if first_col else values)
        except _CALAMINE_ERRORS as err:
            raise unreadable(self.book.path, f"sheet '{self.name}' cannot be read ({err})") from err


class Workbook:
    """An opened workbook. Use as a context manager, or call :meth:`close`."""

    def __init__(self, package: XlsxPackage) -> None:
        self.package = package
        self.path = package.path
        self.limits = package.limits
        self._calamine: python_calamine.CalamineWorkbook | None = None
        self._strings: list[str] | None = None
        self._dates: frozenset[int] | None = None
        self._expected: set[str] = set()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def sheet_names(self) -> list[str]:
        """Worksheet names in workbook order."""
        return [s.name for s in self.package.sheets]

    @property
    def defined_names(self) -> dict[str, str]:
        """Workbook-level defined names and their formulas (e.g. ``TemplateVersion``)."""
        return self.package.defined_names

    def sheet(self, name: str) -> SheetReader:
        """Scan a sheet by its exact name and get its reader; enforces the row limit."""
        entry = next(s for s in self.package.sheets if s.name == name)
        if not entry.part:
            raise unreadable(self.path, f"sheet '{name}' has no worksheet part")
        scan = scan_sheet(self.package.stream(entry.part))
        if scan.rows > self.limits.max_rows_per_sheet or not scan.max_row:
            scan = scan_sheet(self.package.stream(entry.part), count_rows=True)
        if scan.rows > self.limits.max_rows_per_sheet:
            raise too_large(
                self.path,
                f"sheet '{name}' has {scan.rows:,} rows; "
                f"the limit is {self.limits.max_rows_per_sheet:,}",
            )
        return SheetReader(self, entry, scan)

    def calamine_sheet(self, name: str) -> python_calamine.CalamineSheet:
        """The calamine view of a sheet (the whole sheet's values, loaded at once). Once the
        sheets announced with :meth:`expect_calamine` are all loaded, calamine's workbook (and
        its shared strings) is released; the loaded sheets stay usable."""
        try:
            if self._calamine is None:
                self._calamine = python_calamine.CalamineWorkbook.from_path(str(self.path))
            sheet = self._calamine.get_sheet_by_name(name)
        except _CALAMINE_ERRORS as err:
            raise unreadable(self.path, f"sheet '{name}' cannot be read ({err})") from err
        self._expected.discard(name)
        if not self._expected:
            self._calamine.close()
            self._calamine = None
        return sheet

    def expect_calamine(self, names: set[str]) -> None:
        """Announce every sheet that will be read through calamine (so its workbook can be
        released after the last one)."""
        self._expected = set(names)

    def strings(self) -> list[str]:
        """The shared string table, read once for the careful reader."""
        if self._strings is None:
            self._strings = shared_strings(self.package)
        return self._strings

    def date_styles(self) -> frozenset[int]:
        """The cell formats that show numbers as dates, read once for the careful reader."""
        if self._dates is None:
            self._dates = date_styles(self.package)
        return self._dates

    def close(self) -> None:
        """Release the zip and calamine's copy of the workbook."""
        if self._calamine is not None:
            self._calamine.close()
            self._calamine = None
        self.package.close()


def open_workbook(path: Path | str, limits: Limits | None = None) -> Workbook:
    """Open ``path`` as a workbook, refusing unusable or oversized files with
    :class:`WorkbookUnusable` before any data is expanded."""
    package = open_package(Path(path), limits or Limits())
    try:
        package.verify(package.other_parts(skip=set()))
    except WorkbookUnusable:
        package.close()
        raise
    return Workbook(package)
