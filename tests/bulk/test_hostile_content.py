"""The hostile-content corpus through every file the toolkit writes offline (issue 18): the
validator's verdicts, the annotated copy, the HTML report, the template and a generated workbook
are read back the way a spreadsheet or a browser reads them (tests/bulk/spreadsheet_safety.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from bulk.billing import neutralised_report, read_report
from bulk.cli import app
from bulk.schema import SHEETS, Kind
from bulk.validation import validate_workbook
from tests.bulk.spreadsheet_safety import (
    CORPUS,
    HOSTILE,
    ROOT,
    injected_html,
    runs_as_formula,
    unsafe_csv_cells,
    unsafe_xlsx_cells,
)

AS_OF = "2027-03-01"
DAY = dt.date(2027, 3, 1)
ACCEPTED, REFUSED = HOSTILE / "accepted.xlsx", HOSTILE / "refused.xlsx"
RUNNER = CliRunner()


def _validate(book: Path, folder: Path) -> tuple[int, dict[str, object], Path, Path]:
    annotated, html, report = folder / "annotated.xlsx", folder / "report.html", folder / "r.json"
    result = RUNNER.invoke(
        app,
        [
            *("validate", str(book), "--as-of", AS_OF, "--json", str(report)),
            *("--annotated", str(annotated), "--html", str(html)),
        ],
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(report.read_text(encoding="utf-8")), annotated, html


def test_the_corpus_is_what_the_script_writes(tmp_path: Path) -> None:
    script = ROOT / "scripts" / "make_hostile_content.py"
    subprocess.run([sys.executable, str(script), "-o", str(tmp_path)], check=True, cwd=ROOT)
    hint = "fixtures/hostile-content is stale; run `python scripts/make_hostile_content.py`"
    for name in ("strings.json", "accepted.xlsx", "refused.xlsx"):
        assert (tmp_path / name).read_bytes() == (HOSTILE / name).read_bytes(), hint


def test_formula_like_text_is_a_warning_in_every_free_text_column() -> None:
    report = validate_workbook(ACCEPTED, as_of=DAY).report
    assert report.valid, [i.message for i in report.issues if i.severity == "error"]
    warned = {(i.sheet, i.column) for i in report.issues if i.code == "cell-formula-like"}
    free_text = {
        (sheet.name, column.header)
        for sheet in SHEETS
        for column in sheet.columns
        if column.kind in (Kind.TEXT, Kind.EMAIL) and column.key != "existing_org_id"
    }
    assert free_text - warned == set()
    issue = next(i for i in report.issues if i.cell == "B2" and i.sheet == "Customers")
    assert issue.code == "cell-formula-like" and issue.severity == "warning"
    assert "a spreadsheet would run it as a function call" in issue.message


def test_invisible_characters_are_a_warning_with_their_position() -> None:
    report = validate_workbook(ACCEPTED, as_of=DAY).report
    found = {
        (i.sheet, i.cell): i.message for i in report.issues if i.code == "cell-invisible-character"
    }
    assert "U+202E RIGHT-TO-LEFT OVERRIDE at character 14" in found["Customers", "F2"]
    assert "U+200B ZERO WIDTH SPACE at character 7" in found["Locations", "D2"]
    assert "U+2067 RIGHT-TO-LEFT ISOLATE at character 1" in found["Subscribers", "E2"]
    assert ("Locations", "D2") in found  # the emoji's own joiner is not reported
    assert "U+200D" not in found["Locations", "D2"]


def test_control_characters_and_long_cells_are_refused() -> None:
    report = validate_workbook(REFUSED, as_of=DAY).report
    errors = {(i.sheet, i.cell, i.code) for i in report.issues if i.severity == "error"}
    assert errors == {
        ("Customers", "C2", "cell-forbidden-character"),
        ("Customers", "G2", "cell-too-long"),
        ("Locations", "D2", "cell-forbidden-character"),
        ("Subscribers", "D2", "cell-forbidden-character"),
        ("Subscribers", "E3", "cell-too-long"),
        ("Setup Assist", "I2", "cell-forbidden-character"),
        ("Setup Assist", "I2", "cell-too-long"),
    }
    nul = next(i for i in report.issues if (i.sheet, i.cell) == ("Customers", "C2"))
    assert nul.message == "Customer Name must not contain 'U+0000 NUL at character 5'."


@pytest.mark.parametrize("book", [ACCEPTED, REFUSED], ids=["accepted", "refused"])
def test_annotated_copy_and_html_report_are_safe_to_open(book: Path, tmp_path: Path) -> None:
    code, _, annotated, html = _validate(book, tmp_path)
    assert code == (0 if book == ACCEPTED else 1)
    assert unsafe_xlsx_cells(annotated) == []
    copy = openpyxl.load_workbook(annotated)
    issues = copy["Issues"]
    values = [c.value for c in issues["G"][1:]]
    assert "@SUM(1+1)*cmd|' /C calc'!A0" in values  # the exact value, shown as text
    assert issues["G2"].data_type == "s"
    page = html.read_text(encoding="utf-8")
    assert injected_html(page) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page or "&lt;script&gt;" in page
    assert "\x00" not in page and "\x1b" not in page


def test_json_report_keeps_the_exact_values(tmp_path: Path) -> None:
    _, report, _, _ = _validate(ACCEPTED, tmp_path)
    values = {i["value"] for i in report["issues"]}  # type: ignore[index]
    assert "=1+2@sec.example.com" in values
    assert "+1+1 Main St \u202egnp.exe" in values


def test_template_examples_are_safe_to_open() -> None:
    template = ROOT / "templates" / "xlsx" / "onboarding-template-v1.xlsx"
    book = openpyxl.load_workbook(template)
    assert unsafe_xlsx_cells(book) == []
    bullets = [c for c in book["Instructions"]["A"] if runs_as_formula(str(c.value or ""))]
    assert bullets and all(c.quotePrefix and c.data_type == "s" for c in bullets)


def test_generated_workbook_has_only_the_planted_formulas(tmp_path: Path) -> None:
    book, key = tmp_path / "generated.xlsx", tmp_path / "key.json"
    result = RUNNER.invoke(
        app,
        [
            *("generate", "--customers", "40", "--defects", "0.05", "--seed", "3", "-o", str(book)),
            *("--subscribers-per-customer", "1-3"),
            *("--answer-key", str(key), "--as-of", AS_OF),
        ],
    )
    assert result.exit_code == 0, result.output
    planted = json.loads(key.read_text(encoding="utf-8"))
    issues = planted["issues"] if isinstance(planted, dict) else planted
    written = {f"{i['sheet']}!{i['cell']}" for i in issues if i["code"] == "cell-formula"}
    assert unsafe_xlsx_cells(book, written) == []
    formula_like = [i for i in issues if i["code"] == "cell-formula-like"]
    assert formula_like, "the generator plants cell-formula-like"
    sheet = openpyxl.load_workbook(book)[formula_like[0]["sheet"]]
    cell = sheet[formula_like[0]["cell"]]
    assert cell.value == "- Building 7" and cell.quotePrefix and cell.data_type == "s"


REPORT_HEADER = (
    "line_type,customer_id,external_customer_id,subscriber_id,email,package,sku,start_date,"
    "end_date,user_days,billable_units,quantity,unit_net_price,amount,currency,charge_date,"
    "location_id,location_name\n"
)


def _report_line(external_id: str, email: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL).writerow(
        [
            *("usage", "cust-1", external_id, "sub-1", email, "webex_calling", ""),
            *("2027-03-01", "2027-03-31", "31", "1", "", "", "", "", "", "", ""),
        ]
    )
    return buffer.getvalue()


@pytest.mark.parametrize("text", CORPUS["formula"], ids=range(len(CORPUS["formula"])))
def test_reconcile_reads_neutralised_cells_back(text: str, tmp_path: Path) -> None:
    served = REPORT_HEADER + _report_line("'" + text, "'=1+2@sec.example.com")
    path = tmp_path / "report.csv"
    path.write_text(served, encoding="utf-8")
    line = read_report(path).usage[0]
    assert (line.external_customer_id, line.email) == (text.strip(), "=1+2@sec.example.com")


def test_a_saved_report_is_neutralised_once_whoever_served_it(tmp_path: Path) -> None:
    raw = REPORT_HEADER + _report_line("@SUM(1+1)", "=1+2@sec.example.com")
    neutral = REPORT_HEADER + _report_line("'@SUM(1+1)", "'=1+2@sec.example.com")
    once = neutralised_report(raw.encode())
    assert list(csv.reader(io.StringIO(once.decode()))) == list(csv.reader(io.StringIO(neutral)))
    assert neutralised_report(neutral.encode()) == once
    assert neutralised_report(once) == once
    path = tmp_path / "saved.csv"
    path.write_bytes(neutralised_report(raw.encode()))
    assert unsafe_csv_cells(path) == []
    assert read_report(path).usage[0].external_customer_id == "@SUM(1+1)"
