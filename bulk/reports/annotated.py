"""The annotated copy: the partner's own workbook with every bad cell filled and commented,
an ``Issues`` sheet linking to each cell, and the derived Setup Assist order (SKU, quantity,
earliest completion date, net price) written beside each Setup Assist row.

A flagged cell's comment also gives the value ``rtm fix`` would write, when the rulebook offers
one (docs/validator.md, "Fixes").

The workbook is loaded with openpyxl so its formatting and dropdowns survive. Text copied in
from the report is always written as text, never as a formula (:mod:`bulk.reports.safe`); the
partner's own text cells get Excel's quote prefix when a spreadsheet could read them as a
formula, and control characters are shown as symbols.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink

from bulk.checks.assist import AssistLine
from bulk.reports.safe import keep_sheet_as_text, set_text
from bulk.rules.catalogue import Severity
from bulk.rules.spreadsheet_text import show_controls
from bulk.schema import fold_header
from bulk.validation.report import Issue, Report

ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
HEADER_FONT = Font(bold=True)
ISSUE_COLUMNS = ("Sheet", "Cell", "Row", "Column", "Code", "Severity", "Value", "Message")
ASSIST_COLUMNS = (
    "Derived SKU",
    "Derived Quantity",
    "Earliest Completion Date",
    "Net Price",
    "Currency",
)
AUTHOR = "rtm validate"


def _sheet_names(workbook: Any) -> dict[str, str]:
    return {fold_header(name): name for name in workbook.sheetnames}


def _comment_line(issue: Issue) -> str:
    """An issue as its cell's comment shows it, with the suggested value when there is one."""
    line = f"[{issue.code}] {issue.message}"
    if issue.fix is None:
        return line
    fix = issue.fix
    return f"{line}\nSuggested value ({fix.kind}, rtm fix): '{fix.value}' ({fix.reason})"


def _mark_cells(workbook: Any, issues: list[Issue]) -> None:
    names = _sheet_names(workbook)
    by_cell: dict[tuple[str, str], list[Issue]] = defaultdict(list)
    for issue in issues:
        name = names.get(fold_header(issue.sheet)) if issue.sheet else None
        if name is not None and issue.row >= 1:
            by_cell[(name, issue.cell or f"A{issue.row}")].append(issue)
    for (name, ref), found in by_cell.items():
        cell = workbook[name][ref]
        worst = any(i.severity is Severity.ERROR for i in found)
        cell.fill = ERROR_FILL if worst else WARNING_FILL
        text = "\n".join(_comment_line(i) for i in found)
        cell.comment = Comment(show_controls(text[:30000]), AUTHOR, width=360, height=120)


def _issues_sheet(workbook: Any, issues: list[Issue]) -> None:
    if "Issues" in workbook.sheetnames:
        del workbook["Issues"]
    sheet = workbook.create_sheet("Issues", 0)
    sheet.append(list(ISSUE_COLUMNS))
    for cell in sheet[1]:
        cell.font = HEADER_FONT
    names = _sheet_names(workbook)
    for number, issue in enumerate(issues, start=2):
        values = (issue.sheet, issue.cell, issue.row, issue.column, issue.code, str(issue.severity))
        for column, value in enumerate((*values, issue.value, issue.message), start=1):
            set_text(sheet.cell(number, column), value)
        target = names.get(fold_header(issue.sheet)) if issue.sheet else None
        if target is not None and issue.cell:
            link = sheet.cell(number, 2)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{target}'!{issue.cell}")
            link.font = Font(color="0563C1", underline="single")
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGH", (14, 8, 7, 22, 26, 9, 28, 90), strict=True):
        sheet.column_dimensions[letter].width = width


def _assist_columns(workbook: Any, lines: list[AssistLine]) -> None:
    name = _sheet_names(workbook).get(fold_header("Setup Assist"))
    if name is None or not lines:
        return
    sheet = workbook[name]
    first = sheet.max_column + 2
    for offset, header in enumerate(ASSIST_COLUMNS):
        cell = sheet.cell(1, first + offset, header)
        cell.font = HEADER_FONT
    for line in lines:
        price = None if line.net_price is None else float(line.net_price)
        values = (line.sku, line.quantity, line.earliest_completion_date, price, line.currency)
        for offset, value in enumerate(values):
            cell = sheet.cell(line.row, first + offset)
            set_text(cell, value)
            if offset == 2:
                cell.number_format = "yyyy-mm-dd"
            elif offset == 3:
                cell.number_format = "#,##0.00"


def write_annotated(source: Path, report: Report, target: Path) -> None:
    """Write the annotated copy of ``source`` to ``target``."""
    workbook = openpyxl.load_workbook(source, rich_text=False)
    try:
        for sheet in workbook.worksheets:
            keep_sheet_as_text(sheet)
        _mark_cells(workbook, report.issues)
        _assist_columns(workbook, report.assist)
        _issues_sheet(workbook, report.issues)
        workbook.save(target)
    finally:
        workbook.close()
