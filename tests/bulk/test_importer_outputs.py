"""The importer's plan and outputs without a server: the plan's order and keys, the result
workbook (columns, Summary, never a formula), plain progress lines, the crash hook's setting."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from bulk.cli.import_view import PlainProgress
from bulk.importer import CrashPoint, ImportReport, RowOutcome, build_plan, write_result_workbook
from bulk.importer.payloads import customer_body, location_body, subscriber_body
from bulk.validation import validate_workbook
from bulk.workbook.rows import ParsedWorkbook

SAMPLE = Path(__file__).parents[2] / "fixtures" / "workbooks" / "valid" / "sample.xlsx"


@pytest.fixture(scope="module")
def rows() -> ParsedWorkbook:
    return validate_workbook(SAMPLE, as_of=dt.date(2026, 11, 25)).workbook


def test_plan_groups_rows_per_customer_with_the_calling_location_first(
    rows: ParsedWorkbook,
) -> None:
    plan = build_plan(rows)
    assert [p.external_id for p in plan.customers] == [c.external_id for c in rows.customers]
    first = plan.customers[0]
    assert first.first_location is not None
    assert first.first_location.name == first.locations[0].row.name
    assert [s.via_customer for s in first.locations] == [True] + [False] * (
        len(first.locations) - 1
    )
    body = customer_body(first.row, first.first_location, "template-1")
    assert body["provisioningId"] == "template-1"
    assert (
        body["provisioningParameters"]["calling"]["location"]["name"] == first.first_location.name
    )
    assert plan.sizes() == {"customers": 3, "locations": 5, "subscribers": 30, "setup assist": 2}
    keys = [op.key for op in plan.operations()]
    assert len(keys) == len(set(keys)) == 40


def test_a_customer_without_calling_creates_every_location_through_the_locations_api(
    rows: ParsedWorkbook,
) -> None:
    meetings_only = replace(rows.customers[0], packages=("webex_meetings",))
    plan = build_plan(replace(rows, customers=[meetings_only]))
    (customer,) = plan.customers
    assert customer.first_location is None and not any(s.via_customer for s in customer.locations)
    assert "provisioningParameters" not in customer_body(customer.row, None, "template-1")


def test_an_update_customer_does_not_send_a_calling_location(rows: ParsedWorkbook) -> None:
    updated = replace(rows.customers[0], action="update")
    (customer,) = build_plan(replace(rows, customers=[updated])).customers
    assert customer.first_location is None


def test_bodies_use_the_reference_field_names(rows: ParsedWorkbook) -> None:
    location = location_body(rows.locations[2])  # a GB location without a state
    assert set(location) == {
        "name",
        "timeZone",
        "preferredLanguage",
        "announcementLanguage",
        "address",
    }
    assert location["address"]["state"] == "" and location["address"]["country"] == "GB"
    subscriber = subscriber_body(rows.subscribers[0], "C1", "L1")
    assert subscriber["packages"] == [rows.subscribers[0].package]
    assert subscriber["provisioningParameters"]["locationId"] == "L1"
    assert subscriber["provisioningParameters"]["primaryPhoneNumber"].startswith("+")


def test_result_workbook_has_status_columns_a_summary_and_never_a_formula(tmp_path: Path) -> None:
    nasty = '=HYPERLINK("http://evil.example","click")'
    report = ImportReport(
        [
            RowOutcome("Customers", 2, "customer:a", "done", "C-1"),
            RowOutcome("Subscribers", 3, "subscriber:x", "failed", None, "api-conflict", nasty),
            RowOutcome("Subscribers", 4, "subscriber:y", "done", "+SUB-2"),
        ]
    )
    target = tmp_path / "out.xlsx"
    write_result_workbook(SAMPLE, target, report, {"url": "@http://x"})
    book = openpyxl.load_workbook(target)
    assert book.sheetnames[0] == "Summary"
    sheet = book["Subscribers"]
    headers = [c.value for c in sheet[1]]
    status = headers.index("Status") + 1
    assert headers[status - 1 : status + 3] == [
        "Status",
        "Remote ID",
        "Error Code",
        "Error Message",
    ]
    message = sheet.cell(3, status + 3)
    assert message.value == nasty and message.data_type == "s"
    assert sheet.cell(4, status + 1).data_type == "s"
    for cell in (c for row in book["Summary"].iter_rows() for c in row):
        assert cell.data_type != "f"
    # importing the result again reuses the columns instead of adding four more
    again = tmp_path / "again.xlsx"
    write_result_workbook(target, again, report, {})
    assert openpyxl.load_workbook(again)["Subscribers"].max_column == sheet.max_column


def test_plain_progress_prints_each_quarter_once(capsys: pytest.CaptureFixture[str]) -> None:
    progress = PlainProgress()
    progress.start("subscribers", 8)
    for _ in range(8):
        progress.advance("subscribers")
    lines = capsys.readouterr().out.splitlines()  # stdout: in order with the summary
    assert lines == ["subscribers: 2/8", "subscribers: 4/8", "subscribers: 6/8", "subscribers: 8/8"]


def test_crash_point_setting() -> None:
    assert CrashPoint.from_env({}) is None
    assert CrashPoint.from_env({"RTM_IMPORT_CRASH_AT": "12:after"}) == CrashPoint(12, "after")
    with pytest.raises(ValueError, match="RTM_IMPORT_CRASH_AT"):
        CrashPoint.from_env({"RTM_IMPORT_CRASH_AT": "soon"})
    CrashPoint(3, "before").check(2, "before")  # not the chosen point: nothing happens
