"""The portal in process (Starlette's TestClient, the real checking worker): the valid sample
is shown valid with its derived Setup Assist orders, the grid pages through a sheet, the
downloads are the validator's own reports, the template and the code page are complete."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest
from starlette.testclient import TestClient
from test_web_support import (
    AS_OF,
    FIXTURES,
    SAMPLE,
    page_issues,
    running_portal,
    upload_and_check,
    wait_checked,
)

from bulk.pricebook import load_pricebook
from bulk.reports.annotated import ERROR_FILL
from bulk.rules.catalogue import CATALOGUE
from bulk.schema import SHEETS, TEMPLATE_VERSION
from bulk.validation import validate_workbook

DAY = dt.date.fromisoformat(AS_OF)


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    with running_portal(tmp_path / "portal") as client:
        yield client


def test_the_valid_sample_is_shown_valid_with_its_setup_assist_orders(client: TestClient) -> None:
    location, status = upload_and_check(client, SAMPLE)
    assert status["check"]["state"] == "checked"
    page = client.get(location).text
    assert 'id="verdict" data-valid="true"' in page
    report = validate_workbook(SAMPLE, as_of=DAY, pricebook=load_pricebook()).report
    table = page.split('id="assist"', 1)[1].split("</table>", 1)[0]
    for line in report.assist:
        row = table.split(f'<tr data-row="{line.row}">', 1)[1].split("</tr>", 1)[0]
        cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
        assert cells[1:7] == [
            line.customer_external_id,
            line.location_name,
            str(line.seats),
            line.sku,
            str(line.quantity),
            line.earliest_completion_date.isoformat(),
        ]
        assert cells[7] == f"{line.net_price:,.2f} {line.currency}"
    assert 'id="counts"' not in page  # no issue, no count table
    for sheet in SHEETS:
        assert f"{sheet.name} {report.rows[sheet.name]}" in page


def _many_subscribers(folder: Path, extra: int, bad_row: int) -> Path:
    """The sample with ``extra`` more subscribers; the one on ``bad_row`` has a bad email."""
    book = openpyxl.load_workbook(SAMPLE)
    sheet = book["Subscribers"]
    start = sheet.max_row + 1
    for i in range(extra):
        email = f"load.{i:04d}@acmerobotics.example.com"
        if start + i == bad_row:
            email = "not an email"
        values = ["", "acme-us-001", email, "Load", f"User{i}", "webex_meetings"]
        for column, value in enumerate(values, start=1):
            sheet.cell(start + i, column).value = value or None
    target = folder / "many.xlsx"
    book.save(target)
    return target


def test_the_grid_pages_through_a_sheet_and_can_show_only_rows_with_issues(
    client: TestClient, tmp_path: Path
) -> None:
    workbook = _many_subscribers(tmp_path, 100, bad_row=120)
    location, status = upload_and_check(client, workbook)
    assert status["check"]["state"] == "checked"
    first = client.get(location, params={"sheet": "Subscribers"}).text
    assert 'data-page="1" data-pages="3"' in first and "130 rows" in first
    assert page_issues(first).grid_rows == list(range(2, 52))
    third = page_issues(client.get(location, params={"sheet": "Subscribers", "page": 3}).text)
    assert third.grid_rows == list(range(102, 132))
    assert [i["data-code"] for i in third.rows[120]] == ["cell-invalid-email"]
    assert third.bad_cells["C120"]["data-codes"] == "cell-invalid-email"
    only = client.get(location, params={"sheet": "Subscribers", "only": "issues"}).text
    assert page_issues(only).grid_rows == [120] and "1 row" in only
    past_the_end = client.get(location, params={"sheet": "Subscribers", "page": 99}).text
    assert 'data-page="3"' in past_the_end  # clamped to the last page
    unknown_sheet = client.get(location, params={"sheet": "../../etc"}).text
    assert 'data-sheet="Customers"' in unknown_sheet


def test_downloads_are_the_validators_own_reports(client: TestClient, tmp_path: Path) -> None:
    source = FIXTURES / "invalid" / "cell-invalid-email" / "workbook.xlsx"
    named = tmp_path / "Acme onboarding.xlsx"
    shutil.copy(source, named)
    location, _ = upload_and_check(client, named)
    expected = validate_workbook(source, as_of=DAY, pricebook=load_pricebook())

    answer = client.get(f"{location}/report.json")
    assert answer.status_code == 200
    assert "Acme onboarding.report.json" in unquote(answer.headers["content-disposition"])
    assert answer.json() == json.loads(json.dumps(expected.report.to_json()))

    html = client.get(f"{location}/report.html")
    assert "cell-invalid-email" in html.text and "Acme onboarding.xlsx" in html.text

    annotated = client.get(f"{location}/annotated.xlsx")
    assert annotated.status_code == 200
    assert "Acme onboarding.annotated.xlsx" in unquote(annotated.headers["content-disposition"])
    book = openpyxl.load_workbook(io.BytesIO(annotated.content))
    assert book.sheetnames[0] == "Issues"
    issue = expected.report.issues[0]
    cell = book[issue.sheet][issue.cell]
    assert cell.fill.fgColor.rgb.endswith(ERROR_FILL.fgColor.rgb[-6:])
    assert cell.comment is not None and issue.code in cell.comment.text
    again = client.get(f"{location}/annotated.xlsx")  # kept once written
    assert again.content == annotated.content


def test_the_blank_template_and_the_code_page(client: TestClient) -> None:
    answer = client.get("/template.xlsx")
    assert answer.status_code == 200
    assert f"onboarding-template-v{TEMPLATE_VERSION}.xlsx" in unquote(
        answer.headers["content-disposition"]
    )
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    assert [s.name for s in SHEETS] == [n for n in book.sheetnames if n in {s.name for s in SHEETS}]
    assert "TemplateVersion" in book.defined_names

    page = client.get("/codes").text
    for code, entry in CATALOGUE.items():
        row = page.split(f'<tr id="{code}"', 1)[1].split("</tr>", 1)[0]
        assert str(entry.error_code) in row and entry.severity in row


def test_huge_extent_workbooks_are_checked_like_any_other(client: TestClient) -> None:
    for name in ("dimension-claim.xlsx", "far-cell.xlsx"):
        location, status = upload_and_check(client, FIXTURES / "hostile" / name)
        assert status["check"]["state"] == "checked", name
        grid = page_issues(client.get(location, params={"sheet": "Subscribers"}).text)
        assert grid.grid_rows == list(range(2, 32)), name


def test_a_check_left_unfinished_by_a_stopped_portal_is_run_again(tmp_path: Path) -> None:
    work = tmp_path / "portal"
    with running_portal(work) as first:
        location, _ = upload_and_check(first, SAMPLE)
    upload_id = location.rsplit("/", 1)[1]
    results = work / "uploads" / upload_id / "results.sqlite"
    with sqlite3.connect(results) as db:
        db.execute("UPDATE meta SET value = '\"checking\"' WHERE key = 'state'")
    with running_portal(work) as second:
        status = second.get(f"{location}/status").json()
        assert status["check"]["state"] == "checking"
        assert wait_checked(second, location)["check"]["state"] == "checked"
        assert AS_OF in second.get(location).text
