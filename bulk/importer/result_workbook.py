"""The result workbook: the input workbook with Status, Remote ID, Error Code and Error Message
columns on every data sheet, and a Summary sheet.

Values are always written as data: text that a spreadsheet could read as a formula (starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is stored as a string cell with the
quote prefix, never as a formula; the partner's own cells get the same treatment, and control
characters are shown as symbols (:mod:`bulk.reports.safe`, docs/importer.md)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font, PatternFill

from bulk.importer.outcome import ImportReport, RowOutcome
from bulk.reports.safe import keep_sheet_as_text, set_text
from bulk.schema import SHEETS, fold_header

RESULT_COLUMNS: tuple[str, ...] = ("Status", "Remote ID", "Error Code", "Error Message")
SUMMARY_SHEET = "Summary"
_FILLS = {
    "failed": PatternFill("solid", fgColor="F8CBAD"),
    "done": PatternFill("solid", fgColor="C6EFCE"),
    "unchanged": PatternFill("solid", fgColor="DDEBF7"),
    "not-updatable": PatternFill("solid", fgColor="FFEB9C"),
}


def default_result_path(workbook: Path) -> Path:
    """``<name>.result.xlsx`` beside the workbook."""
    return workbook.with_name(workbook.stem + ".result.xlsx")


def write_text(sheet: Any, row: int, column: int, value: object) -> Any:
    """Write ``value`` into a cell as plain data, never as a formula."""
    cell = sheet.cell(row=row, column=column)
    set_text(cell, value)
    return cell


def write_result_workbook(
    source: Path, target: Path, report: ImportReport, facts: dict[str, str]
) -> None:
    """Copy ``source`` to ``target`` with each row's outcome and a Summary sheet. ``facts``
    are shown at the top of the Summary (URL, journal, time...)."""
    book = openpyxl.load_workbook(source)
    by_sheet: dict[str, list[RowOutcome]] = {}
    for outcome in report.outcomes:
        by_sheet.setdefault(outcome.sheet, []).append(outcome)
    for sheet in book.worksheets:
        keep_sheet_as_text(sheet)
    for spec in SHEETS:
        if spec.name in book.sheetnames:
            _annotate(book[spec.name], by_sheet.get(spec.name, []))
    if SUMMARY_SHEET in book.sheetnames:
        del book[SUMMARY_SHEET]
    _summary(book.create_sheet(SUMMARY_SHEET, 0), report, facts)
    book.active = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)


def _annotate(sheet: Any, outcomes: Iterable[RowOutcome]) -> None:
    columns = _result_columns(sheet)
    for outcome in outcomes:
        values = (outcome.status, outcome.remote_id, outcome.error_code, outcome.error_message)
        for column, value in zip(columns, values, strict=True):
            cell = write_text(sheet, outcome.row, column, value)
            if column == columns[0] and outcome.status in _FILLS:
                cell.fill = _FILLS[outcome.status]


def _result_columns(sheet: Any) -> list[int]:
    """The column numbers of the four result columns: reused when the input already has them
    (a result workbook imported again), else appended after the last header."""
    headers = {fold_header(str(c.value)): c.column for c in sheet[1] if c.value not in (None, "")}
    last = max(headers.values(), default=0)
    columns: list[int] = []
    for name in RESULT_COLUMNS:
        existing = headers.get(fold_header(name))
        if existing is None:
            last += 1
            existing = last
            header = write_text(sheet, 1, existing, name)
            header.font = Font(bold=True)
        columns.append(existing)
    return columns


def _summary(sheet: Any, report: ImportReport, facts: dict[str, str]) -> None:
    title = "Import dry run (prechecks only)" if report.dry_run else "Import result"
    write_text(sheet, 1, 1, title).font = Font(bold=True, size=14)
    line = 3
    facts = {"written": datetime.now(UTC).isoformat(timespec="seconds"), **facts}
    for name, value in facts.items():
        write_text(sheet, line, 1, name)
        write_text(sheet, line, 2, value)
        line += 1
    line += 1
    statuses = sorted({o.status for o in report.outcomes})
    for column, header in enumerate(["Sheet", *statuses], start=1):
        write_text(sheet, line, column, header).font = Font(bold=True)
    tally = Counter((o.sheet, o.status) for o in report.outcomes)
    for spec in SHEETS:
        line += 1
        write_text(sheet, line, 1, spec.name)
        for column, status in enumerate(statuses, start=2):
            write_text(sheet, line, column, tally.get((spec.name, status), 0))
    line += 2
    failed = report.failed
    write_text(sheet, line, 1, f"Failed rows: {len(failed)}").font = Font(bold=True)
    for column, header in enumerate(["Sheet", "Row", "Error Code", "Error Message"], start=1):
        write_text(sheet, line + 1, column, header).font = Font(bold=True)
    for offset, outcome in enumerate(failed, start=2):
        cells = (outcome.sheet, outcome.row, outcome.error_code, outcome.error_message)
        for column, cell in enumerate(cells, start=1):
            write_text(sheet, line + offset, column, cell)
    for letter, width in zip("ABCD", (16, 12, 24, 90), strict=True):
        sheet.column_dimensions[letter].width = width
