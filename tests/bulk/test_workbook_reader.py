"""The reader: limits, the byte scan, the careful path agreeing with calamine, headers."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from validator_support import SAMPLE, minimal_rows, write_book

from bulk.schema import CUSTOMERS, LOCATIONS, SUBSCRIBERS
from bulk.workbook import (
    CellKind,
    Formula,
    Limits,
    WorkbookUnusable,
    column_index,
    column_letter,
    match_headers,
    open_workbook,
)
from bulk.workbook.careful import CarefulSheet
from bulk.workbook.scan import scan_sheet


def test_column_letters_round_trip() -> None:
    for index in (0, 25, 26, 701, 702, 16383):
        assert column_index(column_letter(index)) == index
    assert column_letter(16383) == "XFD"


def _all_rows(path: Path, sheet: str, careful: bool) -> list[tuple[int, list[object]]]:
    with open_workbook(path) as book:
        reader = book.sheet(sheet)
        if careful:
            rows = CarefulSheet(
                book.package, reader.entry.part, book.strings(), book.date_styles()
            ).rows()
        else:
            rows = reader.rows()
        return [(r.number, [v for v in r.values]) for r in rows]


@pytest.mark.parametrize("sheet", ["Customers", "Locations", "Subscribers", "Setup Assist"])
def test_careful_reader_reads_what_calamine_reads(sheet: str) -> None:
    fast = _all_rows(SAMPLE, sheet, careful=False)
    slow = _all_rows(SAMPLE, sheet, careful=True)
    trim = [(n, _trim(v)) for n, v in fast]
    assert trim == [(n, _trim(v)) for n, v in slow]


def _trim(values: list[object]) -> list[object]:
    out = list(values)
    while out and out[-1] == "":
        out.pop()
    return out


def test_careful_reader_types(tmp_path: Path) -> None:
    path = tmp_path / "types.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Subscribers")
    ws.write_row(0, 0, ["text", 14085550100, True])
    ws.write_datetime(0, 3, dt.datetime(2027, 6, 15), book.add_format({"num_format": "yyyy-mm-dd"}))
    ws.write_formula(0, 4, "=1+1", None, 2)
    ws.write_string(1048575, 16383, "far")
    book.close()
    with open_workbook(path) as wb:
        reader = wb.sheet("Subscribers")
        assert reader.careful  # a formula and a far cell both need the careful path
        first, last = list(reader.rows())
    assert first.values[:4] == ["text", 14085550100.0, True, dt.date(2027, 6, 15)]
    assert first.values[4] == Formula("=1+1")
    assert [c.kind for c in first.cells()] == [
        CellKind.TEXT,
        CellKind.NUMBER,
        CellKind.BOOL,
        CellKind.DATE,
        CellKind.FORMULA,
    ]
    assert (last.number, last.cells()[0].ref) == (1048576, "XFD1048576")


def test_scan_flags() -> None:
    xml = (
        b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="2" hidden="1"><c r="AB2"><f>A1</f></c></row></sheetData></worksheet>'
    )
    scan = scan_sheet([xml[:40], xml[40:]])
    assert (scan.max_row, scan.max_column, scan.has_formula, scan.has_hidden) == (2, 28, True, True)
    counted = scan_sheet([xml], count_rows=True)
    assert counted.rows == 2
    prefixed = scan_sheet([b'<x:worksheet xmlns:x="..."><x:sheetData/></x:worksheet>'])
    assert prefixed.prefixed and prefixed.needs_care


def test_row_limit(tmp_path: Path) -> None:
    path = write_book(tmp_path / "book.xlsx", minimal_rows())
    with (
        pytest.raises(WorkbookUnusable) as caught,
        open_workbook(path, Limits(max_rows_per_sheet=2)) as book,
    ):
        book.sheet("Subscribers")
    assert caught.value.code == "workbook-too-large"
    assert (
        "book.xlsx" in caught.value.message and "has 3 rows; the limit is 2" in caught.value.message
    )


def test_uncompressed_limit_is_checked_before_expanding(tmp_path: Path) -> None:
    path = write_book(tmp_path / "book.xlsx", minimal_rows())
    with pytest.raises(WorkbookUnusable) as caught:
        open_workbook(path, Limits(max_uncompressed_bytes=1000))
    assert caught.value.code == "workbook-too-large" and "expands to" in caught.value.message


def test_compression_ratio_limit(tmp_path: Path) -> None:
    path = tmp_path / "spaces.xlsx"
    with (
        zipfile.ZipFile(SAMPLE) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        target.writestr("xl/media/padding.bin", b" " * (8 << 20))
    with pytest.raises(WorkbookUnusable) as caught:
        open_workbook(path)
    assert "zip bomb" in caught.value.message


def test_file_size_and_entry_limits(tmp_path: Path) -> None:
    with pytest.raises(WorkbookUnusable, match="the limit is 100"):
        open_workbook(SAMPLE, Limits(max_file_bytes=100))
    with pytest.raises(WorkbookUnusable, match="zip entries"):
        open_workbook(SAMPLE, Limits(max_zip_entries=3))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(WorkbookUnusable, match="does not exist"):
        open_workbook(tmp_path / "nope.xlsx")
    with pytest.raises(WorkbookUnusable, match="is a directory"):
        open_workbook(tmp_path)


def test_workbook_part_errors(tmp_path: Path) -> None:
    path = tmp_path / "odd.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    with pytest.raises(WorkbookUnusable, match="no workbook part"):
        open_workbook(path)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook")
    with pytest.raises(WorkbookUnusable, match="not valid XML"):
        open_workbook(path)


def test_defined_names_and_sheet_names() -> None:
    with open_workbook(SAMPLE) as book:
        assert book.defined_names["TemplateVersion"] == '"1"'
        assert {"Customers", "Locations", "Subscribers", "Setup Assist"} <= set(book.sheet_names)


def test_headers_match_case_spaces_star_and_aliases() -> None:
    headers = match_headers(
        LOCATIONS,
        [
            "customer_external_id",
            "LOCATION",
            "Address-Line-1*",
            " city ",
            "Country",
            "TZ",
            "Language*",
        ],
    )
    assert headers.positions == {
        "customer_external_id": 0,
        "name": 1,
        "address_line1": 2,
        "city": 3,
        "country": 4,
        "timezone": 5,
        "language": 6,
    }
    assert headers.problems == []


def test_header_problems() -> None:
    headers = match_headers(CUSTOMERS, ["External ID", "Customer Name", "Name", "Shoe Size"])
    found = sorted((p.violation.code, p.column) for p in headers.problems)
    assert ("header-duplicate", 2) in found and ("header-unknown", 3) in found
    missing = {
        p.violation.params["column"]
        for p in headers.problems
        if p.violation.code == "header-missing"
    }
    assert missing == {"Address Line 1", "City", "Country", "Packages"}


def test_subscriber_headers_from_the_template_match_exactly() -> None:
    headers = match_headers(SUBSCRIBERS, [c.template_header for c in SUBSCRIBERS.columns])
    assert headers.problems == [] and len(headers.positions) == len(SUBSCRIBERS.columns)


@pytest.mark.parametrize("careful", [True, False], ids=["careful", "fast"])
def test_merged_cells_are_reported_by_both_paths(tmp_path: Path, careful: bool) -> None:
    book = openpyxl.load_workbook(SAMPLE)
    book["Setup Assist"].merge_cells("H2:I2")
    if careful:
        book["Setup Assist"]["A9"] = "=1+1"  # a formula sends the sheet down the careful path
    path = tmp_path / "merged.xlsx"
    book.save(path)
    with open_workbook(path) as wb:
        reader = wb.sheet("Setup Assist")
        assert reader.careful is careful
        list(reader.rows())
        assert [m.ref for m in reader.merged] == ["H2:I2"]
