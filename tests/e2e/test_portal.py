"""The partner upload portal in Debian's chromium (Playwright), served by the real ``rtm web``
subprocess: the valid sample is shown valid; invalid fixtures dropped on the page show each
expected issue at its cell; the annotated workbook downloads and opens in openpyxl; hostile,
foreign and oversized files each end in a clear message with nothing stored; the blank
template and the code page are there."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Page

from bulk.rules.catalogue import CATALOGUE
from tests.e2e.test_portal_support import (
    FIXTURES,
    SAMPLE,
    PortalProcess,
    browser,
    drop_file,
    page,
    pick_file,
    screenshot,
    start_portal,
)
from tests.hostile_workbooks import REFUSED

pytestmark = pytest.mark.browser
__all__ = ["browser", "page"]  # fixtures used by the tests below

MAX_UPLOAD_MB = 4


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortalProcess]:
    """One ``rtm web`` for this module, validation only (no target API)."""
    work = tmp_path_factory.mktemp("portal") / "work"
    running = start_portal(work, "--max-upload-mb", str(MAX_UPLOAD_MB))
    try:
        yield running
    finally:
        running.stop()


def test_the_valid_sample_chosen_with_the_file_picker_is_shown_valid(
    page: Page, portal: PortalProcess
) -> None:
    pick_file(page, portal, SAMPLE)
    assert page.get_attribute("#verdict", "data-valid") == "true"
    assert "Valid: ready to import" in page.inner_text("#verdict")
    assert page.locator("#assist tbody tr").count() == 2
    assert page.locator("table.grid tbody tr").count() == 3  # Customers
    assert page.locator("#no-target").is_visible()
    screenshot(page, "portal-valid-sample")
    page.click('nav.tabs a:has-text("Subscribers")')
    page.wait_for_url("**sheet=Subscribers**")
    assert page.locator("table.grid tbody tr").count() == 30
    assert page.locator("td.bad").count() == 0


SHOWN = [
    "cell-invalid-email",
    "cell-invalid-phone--scientific",
    "row-duplicate-email",
    "assist-deadline",
    "cell-merged",
    "header-unknown",
    "sheet-missing",
    "template-version",
]


@pytest.mark.parametrize("fixture", SHOWN)
def test_a_dropped_invalid_workbook_shows_each_expected_issue_at_its_cell(
    page: Page, portal: PortalProcess, fixture: str
) -> None:
    folder = FIXTURES / "invalid" / fixture
    expected = json.loads((folder / "expected.json").read_text())
    drop_file(page, portal, folder / "workbook.xlsx")
    valid = all(CATALOGUE[code].severity == "warning" for *_, code in expected["issues"])
    assert page.get_attribute("#verdict", "data-valid") == str(valid).lower()
    report = page.url
    for sheet, row, column, code in expected["issues"]:
        if row == 1 or not sheet:
            item = page.locator(
                f'#workbook-issues li[data-sheet="{sheet}"][data-row="1"][data-code="{code}"]'
            )
            assert item.count() == 1, (sheet, row, code)
            assert item.get_attribute("data-column") == column
            continue
        page.goto(f"{report}?sheet={sheet}&only=issues#grid")
        line = page.locator(f'table.grid tr[data-row="{row}"]')
        notes = page.locator(f'table.grid tr.issues-row[data-for="{row}"]')
        item = notes.locator(f'li[data-code="{code}"][data-column="{column}"]')
        assert item.count() == 1, (sheet, row, column, code)
        assert item.is_visible()
        cell = item.get_attribute("data-cell")
        if cell:
            bad = line.locator(f'td[data-cell="{cell}"]')
            assert "bad" in (bad.get_attribute("class") or "")
            assert code in (bad.get_attribute("data-codes") or "").split()
    screenshot(page, f"portal-invalid-{fixture}")


def test_the_annotated_workbook_downloads_and_marks_the_bad_cell(
    page: Page, portal: PortalProcess, tmp_path: Path
) -> None:
    pick_file(page, portal, FIXTURES / "invalid" / "cell-invalid-email" / "workbook.xlsx")
    with page.expect_download() as waiting:
        page.click("#download-annotated")
    target = tmp_path / "annotated.xlsx"
    waiting.value.save_as(target)
    assert waiting.value.suggested_filename == "workbook.annotated.xlsx"
    book = openpyxl.load_workbook(target)
    issues = book["Issues"]
    rows = [[c.value for c in r] for r in issues.iter_rows(min_row=2)]
    assert [(r[0], r[1], r[4]) for r in rows] == [("Subscribers", "C4", "cell-invalid-email")]
    cell = book["Subscribers"]["C4"]
    assert cell.comment is not None and "cell-invalid-email" in cell.comment.text
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    for link in ("#download-html", "#download-json"):
        with page.expect_download() as report:
            page.click(link)
        assert report.value.suggested_filename.startswith("workbook.report.")


def test_hostile_foreign_and_oversized_files_end_in_a_message_and_nothing_stored(
    page: Page, browser: Browser, portal: PortalProcess, tmp_path: Path
) -> None:
    before = set(portal.uploads.iterdir())
    for name, words in REFUSED.items():
        pick_file(page, portal, FIXTURES / "hostile" / name)
        assert words in page.inner_text("#refusal"), name
        assert set(portal.uploads.iterdir()) == before, name
    screenshot(page, "portal-refused-bomb-lying")

    csv = tmp_path / "customers.csv"
    csv.write_text("External ID,Customer Name\nacme,Acme\n")
    pick_file(page, portal, csv)
    assert "customers.csv cannot be read" in page.inner_text("#refusal")

    oversized = tmp_path / "huge.xlsx"
    oversized.write_bytes(b"\0" * (MAX_UPLOAD_MB + 1) * 1024 * 1024)
    pick_file(page, portal, oversized)  # refused in the page before sending
    assert "larger than this portal accepts" in page.inner_text("#client-error")
    screenshot(page, "portal-refused-oversized")
    context = browser.new_context(java_script_enabled=False)
    try:  # without the script the plain form goes to the server, which refuses it too
        plain = context.new_page()
        plain.goto(portal.url + "/")
        plain.set_input_files("#file-input", str(oversized))
        plain.click("#upload-button")
        assert "larger than this portal accepts" in plain.inner_text("#upload-error")
    finally:
        context.close()
    assert set(portal.uploads.iterdir()) == before


def test_the_blank_template_and_the_error_codes(
    page: Page, portal: PortalProcess, tmp_path: Path
) -> None:
    page.goto(portal.url + "/")
    with page.expect_download() as waiting:
        page.click("#template-link")
    waiting.value.save_as(tmp_path / "template.xlsx")
    book = openpyxl.load_workbook(tmp_path / "template.xlsx")
    assert {"Customers", "Locations", "Subscribers", "Setup Assist"} <= set(book.sheetnames)
    page.click("text=Error codes")
    page.goto(portal.url + "/codes#assist-deadline")
    assert page.locator("#assist-deadline").is_visible()
    assert page.locator("table.codes tbody tr").count() >= 50
    screenshot(page, "portal-codes")
