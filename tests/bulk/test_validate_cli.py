"""``rtm validate``: exit codes, one-line errors, the JSON report's exact shape, the partner
file, outputs, and one run through a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner
from validator_support import ROOT, SAMPLE, minimal_rows, write_book

from bulk.cli import app
from tests.html_tables import Table, tables, text_of

RUNNER = CliRunner()
INVALID = ROOT / "fixtures" / "workbooks" / "invalid"
PARTNER = """[partner]
name = "Northwind"
currency = "USD"
discount = "0.30"
a_wholesale_ordered = true

[readiness]
pstn_connectivity = true
hosting_requirements = true
oss_bss = true
"""


def invoke(*args: str) -> tuple[int, str, str]:
    result = RUNNER.invoke(app, ["validate", *args])
    return result.exit_code, result.stdout, result.stderr


def test_valid_sample_exits_0_and_writes_the_design_json(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    code, out, _ = invoke(str(SAMPLE), "--as-of", "2026-11-25", "--json", str(report))
    assert code == 0 and "Workbook is valid" in out and "checks were skipped" in out
    data = json.loads(report.read_text(encoding="utf-8"))
    assert list(data)[:6] == ["valid", "template_version", "as_of", "stats", "issues", "assist"]
    assert data["as_of"] == "2026-11-25" and data["template_version"] == "1"
    assert set(data["stats"]) == {"rows", "errors", "warnings"}
    assert data["checks_skipped"] == [
        "assist-not-entitled",
        "assist-partner-not-ready",
        "provisioning-id-missing",
    ]
    line = data["assist"][0]
    assert set(line) == {
        "customer_external_id",
        "location_name",
        "seats",
        "sku",
        "quantity",
        "earliest_completion_date",
        "net_price",
        "currency",
    }


def test_errors_exit_1_with_issue_fields(tmp_path: Path) -> None:
    code, out, _ = invoke(
        str(INVALID / "cell-invalid-phone" / "workbook.xlsx"),
        "--as-of",
        "2026-11-25",
        "--json",
        "-",
    )
    assert code == 1
    data = json.loads(out)
    (issue,) = data["issues"]
    assert issue == {
        "code": "cell-invalid-phone",
        "severity": "error",
        "sheet": "Subscribers",
        "row": 2,
        "column": "Phone Number",
        "cell": "H2",
        "value": "14152000101",
        "message": issue["message"],
        "fix": {"value": "+14152000101", "kind": "likely", "reason": issue["fix"]["reason"]},
    }
    # The message names the value, the rule and the fix (the '+' Excel dropped).
    message = issue["message"]
    assert message.startswith("'14152000101' is not a valid E.164 phone number"), message
    assert "'+14152000101'" in message, message


def test_partner_discount_prices_the_assist_orders(tmp_path: Path) -> None:
    partner = tmp_path / "partner.toml"
    partner.write_text(PARTNER, encoding="utf-8")
    code, out, _ = invoke(
        str(SAMPLE), "--as-of", "2026-11-25", "--partner", str(partner), "--json", "-"
    )
    assert code == 0
    data = json.loads(out)
    assert data["checks_skipped"] == []
    prices = {a["sku"]: a["net_price"] for a in data["assist"]}
    assert prices == {"STANDARD": "283.50", "EXPRESS": "174.30"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.xlsx"], "does not exist"),
        ([str(SAMPLE), "--as-of", "25/11/2026"], "--as-of '25/11/2026' is not a date"),
        ([str(SAMPLE), "--partner", "nope.toml"], "partner file not found"),
        ([str(SAMPLE), "--pricebook", "nope.toml"], "price book not found"),
    ],
)
def test_unusable_input_exits_2_with_one_line(args: list[str], message: str) -> None:
    code, out, err = invoke(*args)
    assert code == 2
    assert err.count("\n") == 1 and message in err and "Traceback" not in err + out


def test_bad_partner_key_is_named(tmp_path: Path) -> None:
    partner = tmp_path / "partner.toml"
    partner.write_text(PARTNER.replace('discount = "0.30"', "discount = 0.3"), encoding="utf-8")
    code, _, err = invoke(str(SAMPLE), "--partner", str(partner))
    assert code == 2 and "partner.discount" in err and str(partner) in err


def test_a_directory_is_unusable(tmp_path: Path) -> None:
    code, _, err = invoke(str(tmp_path))
    assert code == 2 and "is a directory" in err


def _marked_cells(path: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(sheet, cell) -> (fill colour, comment) of every filled or commented cell outside the
    Issues sheet, read back with openpyxl."""
    book = openpyxl.load_workbook(path)
    marked = {}
    for sheet in book.worksheets:
        if sheet.title == "Issues":
            continue
        for row in sheet.iter_rows():
            for cell in row:
                colour = cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else ""
                comment = cell.comment.text if cell.comment else ""
                if colour or comment:
                    marked[(sheet.title, cell.coordinate)] = (str(colour), comment)
    book.close()
    return marked


def _letter(path: Path, sheet: str, header: str) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    headers = [str(c.value).rstrip("*") for c in next(book[sheet].iter_rows(max_row=1))]
    book.close()
    return get_column_letter(headers.index(header) + 1)


def test_outputs_mark_exactly_the_bad_cells(tmp_path: Path) -> None:
    rows = minimal_rows()
    rows["Subscribers"][0]["email"] = "not-an-email"
    rows["Subscribers"][1]["phone_number"] = 12175550101  # Excel dropped the '+'
    book = write_book(tmp_path / "book.xlsx", rows)
    annotated, html = tmp_path / "annotated.xlsx", tmp_path / "report.html"
    code, _, _ = invoke(
        str(book), "--as-of", "2026-11-25", "--annotated", str(annotated), "--html", str(html)
    )
    assert code == 1
    email = _letter(book, "Subscribers", "Email") + "2"
    phone = _letter(book, "Subscribers", "Phone Number") + "3"
    marked = _marked_cells(annotated)
    assert set(marked) == {("Subscribers", email), ("Subscribers", phone)}, marked
    for ref, code_ in ((email, "cell-invalid-email"), (phone, "cell-invalid-phone")):
        colour, comment = marked[("Subscribers", ref)]
        assert colour.endswith("FFC7CE"), (ref, colour)  # the error fill
        assert comment.startswith(f"[{code_}] "), (ref, comment)
    issues = next(t for t in tables(html.read_text(encoding="utf-8")) if "Message" in t.head[0])
    listed = {(r["Sheet"], r["Cell"], r["Code"], r["Severity"]) for r in _records(issues)}
    assert listed == {
        ("Subscribers", email, "cell-invalid-email", "error"),
        ("Subscribers", phone, "cell-invalid-phone", "error"),
    }


def _records(table: Table) -> list[dict[str, str]]:
    return [dict(zip(table.head[0], row, strict=True)) for row in table.body]


def test_a_valid_workbook_marks_no_cell(tmp_path: Path) -> None:
    book = write_book(tmp_path / "book.xlsx", minimal_rows())
    annotated, html = tmp_path / "annotated.xlsx", tmp_path / "report.html"
    code, _, _ = invoke(
        str(book), "--as-of", "2026-11-25", "--annotated", str(annotated), "--html", str(html)
    )
    assert code == 0
    assert _marked_cells(annotated) == {}
    page = html.read_text(encoding="utf-8")
    assert "Message" not in {cell for t in tables(page) for cell in (t.head or [[]])[0]}
    assert "Valid 0 errors, 0 warnings" in text_of(page)


def test_unwritable_output_is_one_line(tmp_path: Path) -> None:
    code, _, err = invoke(
        str(SAMPLE), "--as-of", "2026-11-25", "--json", str(tmp_path / "no" / "dir" / "r.json")
    )
    assert code == 2 and "cannot write the report" in err


def test_real_subprocess(tmp_path: Path) -> None:
    rtm = Path(sys.executable).with_name("rtm")
    done = subprocess.run(
        [
            str(rtm),
            "validate",
            str(INVALID / "assist-deadline" / "workbook.xlsx"),
            "--as-of",
            "2026-11-25",
            "--json",
            "-",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert [i["code"] for i in data["issues"]] == ["assist-deadline"]
    assert (
        "Workbook is not valid" in done.stderr
    )  # the summary goes to stderr when JSON is on stdout
    quiet = subprocess.run(
        [str(rtm), "validate", str(tmp_path / "missing.xlsx")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert quiet.returncode == 2 and quiet.stderr.count("\n") == 1 and quiet.stdout == ""
