"""The portal in process (Starlette's TestClient, the real checking worker): the valid sample
is shown valid with its derived Setup Assist orders, the grid pages through a sheet, the
downloads are the validator's own reports, the template and the code page are complete."""

from __future__ import annotations

import datetime as dt
import io
import json
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

from bulk.reports.annotated import ERROR_FILL
from bulk.rules.catalogue import CATALOGUE
from bulk.schema import SHEETS, TEMPLATE_VERSION
from tests.html_tables import tables, text_of

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
    (assist,) = [t for t in tables(page) if t.head and "SKU" in t.head[0]]
    # Worked by hand from the sample (docs/setup-assist.md): San Francisco HQ has 9 seats, so
    # STANDARD x 9 at 45.00 = 405.00, six business days after 25 Nov skipping Thanksgiving and
    # California's day after; Manchester Depot has 4, so EXPRESS x 1 at 249.00, 3 Dec.
    assert assist.body == [
        ["2", "acme-us-001", "San Francisco HQ", "9", "STANDARD", "9", "2026-12-07", "405.00 USD"],
        [
            "3",
            "brightwell-gb-001",
            "Manchester Depot",
            "4",
            "EXPRESS",
            "1",
            "2026-12-03",
            "249.00 USD",
        ],
    ]
    assert 'id="counts"' not in page  # no issue, no count table
    for sheet, rows in (
        ("Customers", 3),
        ("Locations", 5),
        ("Subscribers", 30),
        ("Setup Assist", 2),
    ):
        assert f"{sheet} {rows}" in text_of(page)


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
    # The fixture's own answer key (fixtures/workbooks/invalid/*/expected.json), not the
    # validator's output, says what the reports must hold.
    key = json.loads((source.parent / "expected.json").read_text(encoding="utf-8"))
    assert key["issues"] == [["Subscribers", 4, "Email", "cell-invalid-email"]]

    answer = client.get(f"{location}/report.json")
    assert answer.status_code == 200
    assert "Acme onboarding.report.json" in unquote(answer.headers["content-disposition"])
    data = answer.json()
    assert data["valid"] is False and data["as_of"] == AS_OF
    assert [[i["sheet"], i["row"], i["column"], i["code"]] for i in data["issues"]] == key["issues"]
    (issue,) = data["issues"]
    assert issue["cell"] == "C4" and issue["severity"] == "error"

    html = client.get(f"{location}/report.html")
    assert "Acme onboarding.xlsx" in text_of(html.text)
    (listed,) = [t for t in tables(html.text) if t.head and "Message" in t.head[0]]
    assert [row[:5] for row in listed.body] == [
        ["Subscribers", "C4", "Email", "cell-invalid-email", "error"]
    ]

    annotated = client.get(f"{location}/annotated.xlsx")
    assert annotated.status_code == 200
    assert "Acme onboarding.annotated.xlsx" in unquote(annotated.headers["content-disposition"])
    book = openpyxl.load_workbook(io.BytesIO(annotated.content))
    assert book.sheetnames[0] == "Issues"
    cell = book["Subscribers"]["C4"]
    assert cell.fill.fgColor.rgb.endswith(ERROR_FILL.fgColor.rgb[-6:])
    assert cell.comment is not None and cell.comment.text.startswith("[cell-invalid-email] ")
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
