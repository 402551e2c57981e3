"""Reading partner workbooks: limits against hostile files, a streaming row reader (calamine
for speed, a careful XML reader where calamine's values are not enough), header matching, and
the typed rows the importer and the web portal use."""

from __future__ import annotations

from bulk.workbook.cells import Cell, CellKind, Formula, cell_ref, column_index, column_letter
from bulk.workbook.headers import HeaderMap, HeaderProblem, match_headers
from bulk.workbook.limits import Limits, WorkbookUnusable
from bulk.workbook.rawrow import MergedRange, RawRow
from bulk.workbook.reader import SheetReader, Workbook, open_workbook
from bulk.workbook.rows import (
    AssistRow,
    CustomerRow,
    LocationRow,
    ParsedWorkbook,
    SubscriberRow,
    TypedRow,
)

__all__ = [
    "AssistRow",
    "Cell",
    "CellKind",
    "CustomerRow",
    "Formula",
    "HeaderMap",
    "HeaderProblem",
    "Limits",
    "LocationRow",
    "MergedRange",
    "ParsedWorkbook",
    "RawRow",
    "SheetReader",
    "SubscriberRow",
    "TypedRow",
    "Workbook",
    "WorkbookUnusable",
    "cell_ref",
    "column_index",
    "column_letter",
    "match_headers",
    "open_workbook",
]
