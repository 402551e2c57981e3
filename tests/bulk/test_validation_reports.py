"""Reports: the annotated workbook (fills, comments, Issues sheet with links, derived Setup
Assist columns), the HTML page, formula-safe copies, paging, and the terminal summary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from rich.console import Console
from validator_support import AS_OF, ROOT, minimal_rows, write_book

from bulk.pricebook import load_pricebook
from bulk.reports.annotated import ERROR_FILL, write_annotated
from bulk.reports.html import render_html
from bulk.reports.terminal import print_summary
from bulk.validation import validate_workbook
from tests.html_tables import tables

INVALID = ROOT / "fixtures" / "workbooks" / "invalid"


def _hostile_book(tmp_path: Path) -> Path:
    rows = minimal_rows()
    rows["Subscribers"][0]["first_name"] = '=HYPERLINK("http://evil.example","x")'
    rows["Subscribers"][1]["email"] = "+not-an-email"
    rows["Customers"][0]["name"] = "<script>alert(1)</script>"
    return write_book(tmp_path / "hostile-values.xlsx", rows)


def test_annotated_copy_marks_cells_and_links_issues(tmp_path: Path) -> None:
    source = INVALID / "cell-invalid-phone" / "workbook.xlsx"
    report = validate_workbook(source, as_of=AS_OF, pricebook=load_pricebook()).report
    target = tmp_path / "annotated.xlsx"
    write_annotated(source, report, target)
    book = openpyxl.load_workbook(target)
    cell = book["Subscribers"]["H2"]
    assert cell.fill.fgColor.rgb.endswith(ERROR_FILL.fgColor.rgb[-6:])
    assert cell.comment is not None and "cell-invalid-phone" in cell.comment.text
    issues = book["Issues"]
    assert [c.value for c in issues[1]] == [
        "Sheet",
        "Cell",
        "Row",
        "Column",
        "Code",
        "Severity",
        "Value",
        "Message",
    ]
    assert issues["B2"].value == "H2" and issues["B2"].hyperlink.location == "'Subscribers'!H2"
    assist = book["Setup Assist"]
    headers = [c.value for c in assist[1]]
    first = headers.index("Derived SKU") + 1
    assert assist.cell(2, first).value == "STANDARD" and assist.cell(2, first + 1).value == 9
    assert assist.cell(2, first + 2).value.date() == dt.date(2026, 12, 7)
    assert assist.cell(2, first + 3).value == 405.0


def test_values_that_look_like_formulas_stay_text(tmp_path: Path) -> None:
    source = _hostile_book(tmp_path)
    report = validate_workbook(source, as_of=AS_OF).report
    values = {i.value for i in report.issues}
    assert "+not-an-email" in values
    target = tmp_path / "annotated.xlsx"
    write_annotated(source, report, target)
    issues = openpyxl.load_workbook(target)["Issues"]
    cells = [c for row in issues.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.startswith(("=", "+", "-", "@"))]
    assert risky and all(c.data_type == "s" for c in risky)


def test_html_is_escaped_and_self_contained(tmp_path: Path) -> None:
    source = _hostile_book(tmp_path)
    result = validate_workbook(source, as_of=AS_OF)
    page = render_html(result.report, workbook_name="<b>book</b>.xlsx")
    assert "<script>" not in page and "&lt;b&gt;book&lt;/b&gt;.xlsx" in page
    assert "http://" not in page.replace("http://evil.example", "") and "<link" not in page


def test_html_lists_issues_and_assist_orders() -> None:
    result = validate_workbook(
        INVALID / "cell-invalid-phone" / "workbook.xlsx", as_of=AS_OF, pricebook=load_pricebook()
    )
    page = render_html(result.report)
    found = tables(page)
    (issues,) = [t for t in found if t.head and "Message" in t.head[0]]
    assert [row[:6] for row in issues.body] == [
        ["Subscribers", "H2", "Phone Number", "cell-invalid-phone", "error", "14152000101"]
    ]
    (orders,) = [t for t in found if t.head and "SKU" in t.head[0]]
    assert orders.body == [  # 9 seats: STANDARD x 9 at 45.00; 4 seats: EXPRESS at 249.00
        ["acme-us-001", "San Francisco HQ", "9", "STANDARD", "9", "2026-12-07", "405.00 USD"],
        ["brightwell-gb-001", "Manchester Depot", "4", "EXPRESS", "1", "2026-12-03", "249.00 USD"],
    ]
    (counts,) = [t for t in found if t.head and t.head[0][-1] == "Count"]
    assert counts.body == [["Subscribers", "cell-invalid-phone", "error", "1"]]


def test_terminal_summary(tmp_path: Path) -> None:
    result = validate_workbook(INVALID / "row-duplicate-email" / "workbook.xlsx", as_of=AS_OF)
    console = Console(record=True, width=120)
    print_summary(result.report, console)
    text = console.export_text()
    assert (
        "not valid: 1 errors" in text and "row-duplicate-email" in text and "Subscribers!C3" in text
    )


def test_paging_returns_rows_with_their_issues() -> None:
    result = validate_workbook(INVALID / "row-duplicate-email" / "workbook.xlsx", as_of=AS_OF)
    page = result.page("Subscribers", 0, 5)
    assert [row.row for row, _ in page] == [2, 3, 4, 5, 6]
    assert [[i.code for i in issues] for _, issues in page] == [
        [],
        ["row-duplicate-email"],
        [],
        [],
        [],
    ]
    assert result.page("Subscribers", 1000, 5) == []


def test_typed_rows_are_normalised(tmp_path: Path) -> None:
    rows = minimal_rows()
    rows["Customers"][0].update(
        {"country": "us", "state": "il", "packages": "Webex Calling, webex_meetings"}
    )
    rows["Subscribers"][0].update({"first_name": "Ann\u00a0", "action": "Update"})
    result = validate_workbook(write_book(tmp_path / "b.xlsx", rows), as_of=AS_OF)
    customer = result.workbook.customers[0]
    assert (customer.country, customer.state, customer.packages) == (
        "US",
        "IL",
        ("webex_calling", "webex_meetings"),
    )
    subscriber = result.workbook.subscribers[0]
    assert (subscriber.first_name, subscriber.action, subscriber.row) == ("Ann", "update", 2)
    assert result.workbook.subscribers[1].action == "create"
    assist = result.workbook.assists[0]
    assert (assist.requested_completion_date, assist.network_check_done, assist.channel) == (
        dt.date(2027, 6, 15),
        True,
        "api",
    )
    assert [i.code for i in result.report.issues] == ["cell-whitespace"] and result.report.valid


def test_missing_template_version_is_a_warning(tmp_path: Path) -> None:
    result = validate_workbook(
        write_book(tmp_path / "b.xlsx", minimal_rows(), version=None), as_of=AS_OF
    )
    (issue,) = result.report.issues
    assert (issue.code, issue.sheet, issue.row) == ("template-version", "", 1)
    assert result.report.valid and result.report.template_version == ""
