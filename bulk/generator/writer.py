"""Streaming the generated rows into an ``.xlsx`` file with xlsxwriter in constant-memory mode.

Each row is flushed as soon as the next one starts, so a million subscribers take no more memory
than ten. Text cells are written as text (phone numbers, postal codes and extensions keep their
``+`` and leading zeros), dates as real date cells; text a spreadsheet could read as a formula
(``- Building 7``) carries Excel's quote prefix (docs/generator.md). The file repeats byte for
byte: the document properties carry a fixed timestamp and xlsxwriter stamps every zip entry with
a fixed date.

A :class:`SheetLayout` says which header goes in which column. It is the template's own order
unless a planted defect removes a column, repeats one or adds an unknown one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import TracebackType

import xlsxwriter  # type: ignore[import-untyped]
from xlsxwriter.exceptions import FileCreateError  # type: ignore[import-untyped]
from xlsxwriter.utility import xl_rowcol_to_cell  # type: ignore[import-untyped]
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

from bulk.generator.model import CellValue, Formula, Row
from bulk.rules.spreadsheet_text import FORMULA_STARTS, formula_like
from bulk.schema import SHEETS, TEMPLATE_VERSION, Sheet

FIXED_TIMESTAMP = datetime(2026, 1, 1, 0, 0, 0)
"""The created time written into every generated workbook, so output repeats exactly."""

VERSION_NAME = "TemplateVersion"


@dataclass(slots=True)
class SheetLayout:
    """The columns of one written sheet: the template's columns in order (minus any in
    ``dropped``), then the ``extras`` headers (rows give their values in ``Row.extras``)."""

    sheet: Sheet
    dropped: set[str] = field(default_factory=set)
    extras: list[str] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        """Row 1 as written."""
        kept = [c.template_header for c in self.sheet.columns if c.key not in self.dropped]
        return kept + self.extras

    def position(self, key: str) -> int:
        """The 0-based column a template column is written to."""
        kept = [c.key for c in self.sheet.columns if c.key not in self.dropped]
        return kept.index(key)

    def cell(self, key: str, row_number: int) -> str:
        """The A1 reference of a template column on worksheet row ``row_number``."""
        return str(xl_rowcol_to_cell(row_number - 1, self.position(key)))

    def extra_cell(self, header: str, row_number: int) -> str:
        """The A1 reference of an extra column (by its header) on worksheet row
        ``row_number``."""
        column = len(self.sheet.columns) - len(self.dropped) + self.extras.index(header)
        return str(xl_rowcol_to_cell(row_number - 1, column))

    @property
    def is_template(self) -> bool:
        """Whether the layout is exactly the template's."""
        return not self.dropped and not self.extras


@dataclass(slots=True)
class WorkbookPlan:
    """How the workbook as a whole is laid out: per-sheet layouts, sheets left out, and the
    TemplateVersion value written (``None`` leaves the defined name out)."""

    layouts: dict[str, SheetLayout]
    template_version: str | None = TEMPLATE_VERSION
    omitted: set[str] = field(default_factory=set)

    @classmethod
    def template(cls) -> WorkbookPlan:
        """The template's own layout."""
        return cls({s.name: SheetLayout(s) for s in SHEETS})


class WorkbookWriter:
    """Writes rows sheet by sheet, numbering them as Excel shows them (header = row 1)."""

    def __init__(self, path: Path, plan: WorkbookPlan) -> None:
        self.plan = plan
        # xlsxwriter only opens the file when it closes the workbook; fail before the work.
        path.open("wb").close()
        self._book = xlsxwriter.Workbook(
            str(path),
            {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False},
        )
        self._book.set_properties(
            {"title": "Onboarding workbook (generated)", "author": "rtm generate"}
            | {"created": FIXED_TIMESTAMP}
        )
        if plan.template_version is not None:
            self._book.define_name(VERSION_NAME, f'="{plan.template_version}"')
        self._date = self._book.add_format({"num_format": "yyyy-mm-dd"})
        self._quoted = self._book.add_format({"quote_prefix": True})
        header = self._book.add_format({"bold": True})
        self._sheets: dict[str, Worksheet] = {}
        self._next: dict[str, int] = {}
        for sheet in SHEETS:
            if sheet.name in plan.omitted:
                continue
            layout = plan.layouts[sheet.name]
            worksheet = self._book.add_worksheet(sheet.name)
            for col, column in enumerate(c for c in sheet.columns if c.key not in layout.dropped):
                worksheet.set_column(col, col, column.width)
            worksheet.write_row(0, 0, layout.headers, header)
            worksheet.freeze_panes(1, 0)
            self._sheets[sheet.name] = worksheet
            self._next[sheet.name] = 1

    def __enter__(self) -> WorkbookWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Finish the file (assembles the zip). Raises ``OSError`` when it cannot be written."""
        try:
            self._book.close()
        except FileCreateError as error:
            raise OSError(str(error)) from error

    def write(self, row: Row) -> int:
        """Write ``row`` as the next row of its sheet; returns its worksheet row number (0 when
        the plan leaves the sheet out)."""
        name = row.sheet.name
        if name in self.plan.omitted:
            return 0
        index = self._next[name]
        self._next[name] = index + 1
        row.number = index + 1
        layout = self.plan.layouts[name]
        worksheet = self._sheets[name]
        if row.hidden:
            worksheet.set_row(index, None, None, {"hidden": True})
        cells: list[CellValue] = row.cells
        if not layout.is_template:
            cells = _laid_out(layout, row)
        if row.merge is not None:
            first, last = row.merge
            worksheet.merge_range(index, first, index, last, None)
        self._write_cells(worksheet, index, cells)
        return index + 1

    def _write_cells(self, worksheet: Worksheet, index: int, cells: list[CellValue]) -> None:
        write_string = worksheet.write_string
        for col, value in enumerate(cells):
            if value is None:
                continue
            if type(value) is str:
                if value[:1] in FORMULA_STARTS and formula_like(value):
                    write_string(index, col, value, self._quoted)  # text, even once edited
                else:
                    write_string(index, col, value)
            elif isinstance(value, date):
                worksheet.write_datetime(index, col, value, self._date)
            elif isinstance(value, Formula):
                worksheet.write_formula(index, col, value.text, None, value.cached)
            else:
                worksheet.write_number(index, col, value)


def _laid_out(layout: SheetLayout, row: Row) -> list[CellValue]:
    kept = [
        value
        for column, value in zip(layout.sheet.columns, row.cells, strict=True)
        if column.key not in layout.dropped
    ]
    extras = row.extras or {}
    return kept + [extras.get(header) for header in layout.extras]
