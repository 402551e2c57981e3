"""Build the onboarding template (docs/design.md §4) from :mod:`bulk.schema` with openpyxl."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from bulk.reports.safe import set_text
from bulk.schema import SHEETS, TEMPLATE_VERSION, Column, Kind, Sheet
from bulk.template.archive import FIXED_TIMESTAMP, write_workbook
from bulk.template.instructions import instruction_lines
from bulk.template.lists import DROPDOWNS, Alert, Dropdown, dropdown_for

INSTRUCTIONS_SHEET = "Instructions"
LISTS_SHEET = "Lists"
VERSION_NAME = "TemplateVersion"
DATA_ROWS = 5000
"""Data rows that carry the dropdowns (worksheet rows 2 to ``LAST_ROW``); more rows are still
read, without dropdowns."""
LAST_ROW = DATA_ROWS + 1
"""The last worksheet row that carries dropdowns and formats."""

DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"

_REQUIRED_FILL = PatternFill("solid", fgColor="1F4E78")
_OPTIONAL_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FONT = Font(bold=True, color="FFFFFF")
_OPTIONAL_FONT = Font(bold=True, color="1F4E78")
_HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)


def build_template() -> Workbook:
    """The blank onboarding template: Instructions, the four data sheets, the hidden Lists
    sheet and the ``TemplateVersion`` defined name."""
    workbook = Workbook()
    instructions = workbook.active
    assert isinstance(instructions, Worksheet)
    _write_instructions(instructions)
    ranges = _write_lists(workbook.create_sheet(LISTS_SHEET))
    for sheet in SHEETS:
        _write_data_sheet(workbook.create_sheet(sheet.name, len(workbook.sheetnames) - 1), sheet)
        _add_dropdowns(workbook[sheet.name], sheet, ranges)
    workbook.defined_names[VERSION_NAME] = DefinedName(
        VERSION_NAME, attr_text=f'"{TEMPLATE_VERSION}"'
    )
    _set_properties(workbook)
    return workbook


def write_template(path: Path) -> None:
    """Write the template to ``path`` (raises ``OSError`` when it cannot be written)."""
    write_workbook(build_template(), path)


def _set_properties(workbook: Workbook) -> None:
    props = workbook.properties
    props.creator = "rtm"
    props.lastModifiedBy = "rtm"
    props.title = f"Wholesale RTM onboarding template v{TEMPLATE_VERSION}"
    props.created = FIXED_TIMESTAMP
    props.modified = FIXED_TIMESTAMP


def _write_instructions(sheet: Worksheet) -> None:
    sheet.title = INSTRUCTIONS_SHEET
    sheet.column_dimensions["A"].width = 120
    for row, line in enumerate(instruction_lines(LAST_ROW), start=1):
        cell = sheet.cell(row=row, column=1)
        set_text(cell, line.text or None)  # "- ..." bullets stay text, even once edited
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if line.heading:
            cell.font = Font(bold=True, size=14 if row == 1 else 12, color="1F4E78")


def _write_lists(sheet: Worksheet) -> dict[str, str]:
    """Write one column per dropdown list; answer each list's absolute range."""
    sheet.sheet_state = "hidden"
    ranges: dict[str, str] = {}
    for index, dropdown in enumerate(DROPDOWNS, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index, value=dropdown.name).font = Font(bold=True)
        for row, value in enumerate(dropdown.values, start=2):
            sheet.cell(row=row, column=index, value=value)
        sheet.column_dimensions[letter].width = max(len(v) for v in dropdown.values) + 4
        last = len(dropdown.values) + 1
        ranges[dropdown.name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}"
    return ranges


def _write_data_sheet(sheet: Worksheet, schema: Sheet) -> None:
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 30
    for index, column in enumerate(schema.columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.template_header)
        cell.font = _REQUIRED_FONT if column.marked_required else _OPTIONAL_FONT
        cell.fill = _REQUIRED_FILL if column.marked_required else _OPTIONAL_FILL
        cell.alignment = _HEADER_ALIGNMENT
        cell.comment = _header_comment(schema, column)
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width
        # Typed values keep their + and leading zeros in text columns; dates show as ISO.
        dimension.number_format = DATE_FORMAT if column.kind is Kind.DATE else TEXT_FORMAT


def _header_comment(schema: Sheet, column: Column) -> Comment:
    need = schema.requirement(column)
    need = need[0].upper() + need[1:] + "."  # not str.capitalize: it lowers "Existing Org ID"
    text = f"{column.template_header}\n{need} {column.help}".rstrip()
    return Comment(text, "rtm", width=260, height=110)


def _add_dropdowns(sheet: Worksheet, schema: Sheet, ranges: dict[str, str]) -> None:
    for index, column in enumerate(schema.columns, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}2:{letter}{LAST_ROW}"
        if column.kind is Kind.DATE:
            sheet.add_data_validation(_date_validation(column, cells))
            continue
        dropdown = dropdown_for(column)
        if dropdown is not None:
            sheet.add_data_validation(_list_validation(dropdown, ranges[dropdown.name], cells))


def _list_validation(dropdown: Dropdown, source: str, cells: str) -> DataValidation:
    shows_alert = dropdown.alert is not Alert.NONE
    validation = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showInputMessage=True,
        promptTitle=dropdown.name[:32],
        prompt=dropdown.prompt[:255],
        showErrorMessage=shows_alert,
        errorStyle=dropdown.alert.value if shows_alert else None,
        errorTitle=dropdown.name[:32] if shows_alert else None,
        error=dropdown.error[:255] if shows_alert else None,
    )
    validation.add(cells)
    return validation


def _date_validation(column: Column, cells: str) -> DataValidation:
    # 36526 is 2000-01-01 as an Excel serial date: anything that is a real date passes.
    validation = DataValidation(
        type="date",
        operator="greaterThanOrEqual",
        formula1="36526",
        allow_blank=True,
        showInputMessage=True,
        promptTitle=column.header[:32],
        prompt="A date such as 2027-06-14; at least six business days after submission.",
        showErrorMessage=True,
        errorStyle=Alert.CONFIRM.value,
        errorTitle=column.header[:32],
        error="Enter a real date such as 2027-06-14, not text.",
    )
    validation.add(cells)
    return validation
