"""Every offline code has a workbook under fixtures/workbooks/invalid/ and the validator reports
exactly the expected (sheet, row, column, code) list for each: nothing missing, nothing extra."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from validator_support import AS_OF, ROOT, SAMPLE

from bulk.partner import load_partner
from bulk.pricebook import load_pricebook
from bulk.rules.catalogue import CATALOGUE
from bulk.validation import OFFLINE_CODES, SERVER_SIDE_CODES, validate_workbook
from bulk.workbook import Limits, WorkbookUnusable

INVALID = ROOT / "fixtures" / "workbooks" / "invalid"
CASES = sorted(p for p in INVALID.iterdir() if p.is_dir())
DESIGN_OFFLINE = {  # docs/design.md §5, every code that a workbook alone can show
    *("workbook-unreadable", "workbook-too-large", "sheet-missing", "header-missing"),
    *("header-duplicate", "header-unknown", "template-version"),
    *("cell-required", "cell-too-long", "cell-invalid-email", "cell-invalid-phone"),
    *("cell-invalid-extension", "cell-invalid-country", "cell-invalid-state"),
    *("cell-invalid-postal-code", "cell-invalid-timezone", "cell-invalid-language"),
    *("cell-invalid-package", "cell-invalid-action", "cell-invalid-date", "cell-invalid-choice"),
    *("cell-formula", "cell-forbidden-character", "cell-whitespace", "cell-merged", "row-hidden"),
    *("row-duplicate-key", "row-duplicate-email", "row-duplicate-phone"),
    *("row-duplicate-extension", "ref-unknown-customer", "ref-unknown-location"),
    *("package-not-for-subscriber", "package-not-on-customer", "package-dependency"),
    *("calling-location-required", "calling-number-required", "customer-info-required"),
    *("assist-deadline", "assist-date-past", "assist-no-seats", "assist-duplicate"),
    *("assist-not-entitled", "assist-partner-not-ready", "assist-network-check"),
}


@pytest.mark.parametrize("folder", CASES, ids=[p.name for p in CASES])
def test_fixture_reports_exactly_the_expected_issues(folder: Path) -> None:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    partner = load_partner(folder / expected["partner"]) if expected["partner"] else None
    options = {
        "as_of": dt.date.fromisoformat(expected["as_of"]),
        "partner": partner,
        "pricebook": load_pricebook(),
        "limits": Limits(**expected["limits"]),
    }
    if "unusable" in expected:
        with pytest.raises(WorkbookUnusable) as caught:
            validate_workbook(folder / "workbook.xlsx", **options)  # type: ignore[arg-type]
        assert caught.value.code == expected["unusable"]
        return
    report = validate_workbook(folder / "workbook.xlsx", **options).report  # type: ignore[arg-type]
    found = sorted([i.sheet, i.row, i.column, i.code] for i in report.issues)
    assert found == sorted(expected["issues"])


def test_every_offline_code_has_a_fixture() -> None:
    covered = {p.name.split("--")[0] for p in CASES}
    assert sorted(set(OFFLINE_CODES) - covered) == []
    assert set(OFFLINE_CODES) <= set(CATALOGUE)


def test_every_offline_code_of_the_design_is_checked() -> None:
    assert DESIGN_OFFLINE - set(OFFLINE_CODES) == set()
    assert not set(SERVER_SIDE_CODES) & set(OFFLINE_CODES)


def test_fixture_cell_references_match_rows_and_columns() -> None:
    folder = INVALID / "cell-invalid-phone"
    report = validate_workbook(
        folder / "workbook.xlsx", as_of=AS_OF, pricebook=load_pricebook()
    ).report
    (issue,) = report.issues
    assert (issue.cell, issue.value) == ("H2", "14152000101")
    assert "'+14152000101'" in issue.message and "dropped the '+'" in issue.message


def test_sample_workbook_is_valid_with_the_expected_assist_orders() -> None:
    result = validate_workbook(SAMPLE, as_of=AS_OF, pricebook=load_pricebook())
    data = result.report.to_json()
    assert data["valid"] is True and data["issues"] == []
    assert data["stats"]["rows"] == {
        "Customers": 3,
        "Locations": 5,
        "Subscribers": 30,
        "Setup Assist": 2,
    }
    skus = {(a["location_name"], a["sku"], a["quantity"], a["net_price"]) for a in data["assist"]}
    assert skus == {
        ("San Francisco HQ", "STANDARD", 9, "405.00"),
        ("Manchester Depot", "EXPRESS", 1, "249.00"),
    }
    assert len(result.workbook.subscribers) == 30
