"""Readers that check a file is safe to open: what a spreadsheet or a browser would make of it.

Written from the outside (OWASP's list of formula characters, Python's ``csv`` and
``html.parser``, openpyxl), not from :mod:`bulk.rules.spreadsheet_text`, so the tests do not
grade the neutraliser with itself.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "fixtures" / "hostile-content"
CORPUS: dict[str, list[str]] = json.loads((HOSTILE / "strings.json").read_text(encoding="utf-8"))
FORMULA_CHARACTERS = "=+-@\t\r"


def _plain_number(text: str) -> bool:
    if set(text) - set("0123456789+-.eE"):
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet typing this text into a cell would make it a formula."""
    return bool(text) and text[0] in FORMULA_CHARACTERS and not _plain_number(text)


def csv_rows(path: Path) -> list[list[str]]:
    """A CSV file's rows, read with Python's ``csv`` module."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def unsafe_csv_cells(path: Path) -> list[str]:
    """Cells a spreadsheet would run (a leading ``'`` makes a cell text) or that hold a control
    character."""
    return [
        cell
        for row in csv_rows(path)
        for cell in row
        if runs_as_formula(cell) or any(_control(c) for c in cell)
    ]


def excel_style_import(path: Path) -> Workbook:
    """The CSV as Excel opens it: each cell typed in, so ``'...`` is text (quote prefix), a
    formula start makes a formula, a plain number a number, anything else text."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for number, row in enumerate(csv_rows(path), start=1):
        for column, text in enumerate(row, start=1):
            cell = sheet.cell(number, column)
            if text.startswith("'"):
                cell.value = text[1:]
                cell.data_type = "s"
                cell.quotePrefix = True
            elif runs_as_formula(text):
                cell.value = "=" + text.lstrip("\t\r=")
            elif _plain_number(text):
                cell.value = float(text)
            else:
                cell.value = text
                cell.data_type = "s"
    return book


def unsafe_xlsx_cells(book: Workbook | Path, written: set[str] = frozenset()) -> list[str]:
    """Cells of a workbook a spreadsheet would run: formula cells other than the ``written``
    ones (``Sheet!A1``, formulas the partner wrote), strings starting with a formula character
    without Excel's quote prefix (editing them would make a formula), control characters."""
    if isinstance(book, Path):
        book = openpyxl.load_workbook(book)
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                where = f"{sheet.title}!{cell.coordinate}"
                if cell.data_type == "f":
                    if where not in written:
                        found.append(f"{where} formula {cell.value!r}")
                elif isinstance(cell.value, str) and _unsafe_string(cell):
                    found.append(f"{where} text {cell.value[:40]!r}")
    return found


def _unsafe_string(cell: Any) -> bool:
    value: str = cell.value
    if any(_control(c) for c in value) or "_x00" in value:
        return True
    return runs_as_formula(value) and not cell.quotePrefix


def _control(character: str) -> bool:
    return unicodedata.category(character) == "Cc" and character not in "\t\n\r"


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.injected: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        for name, value in attrs:
            text = (value or "").strip().lower()
            if name.startswith("on") and "alert" in text:
                self.injected.append(f"<{tag} {name}=...>")
            if text.startswith("javascript:"):
                self.injected.append(f"<{tag} {name}={text}>")
        if tag == "img" and ("src", "x") in attrs:
            self.injected.append("<img src=x>")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert(" in data:
            self.injected.append("<script>alert(...)")


def injected_html(page: str) -> list[str]:
    """Elements and attributes the hostile corpus would inject if it were not escaped: a script
    that alerts, ``<img src=x>``, ``on...`` handlers and
    ``javascript:`` links. The corpus's text itself may appear, as text."""
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return parser.injected
