"""Fixing in the page (the real ``rtm web``, Debian's chromium): the partner accepts one group
of suggested fixes and one single fix and edits one cell in the grid; after each click the
issue count drops without a reload; the corrected workbook's ``Changes`` sheet lists exactly
those cells with the values the page showed; the headline and counts on the page equal a fresh
validation of the downloaded workbook; the upload itself is never modified. The page with its
fixes fits 390 px and axe-core finds nothing serious."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, Route

from tests.e2e.test_portal_outcomes import DESKTOP, PHONE, Watched, _serious_violations
from tests.e2e.test_portal_support import (
    AS_OF,
    SAMPLE,
    PortalProcess,
    browser,
    pick_file,
    screenshot,
    start_portal,
)

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # fixture used by the tests below

DAMAGE = {
    "Subscribers": {"H2": "14152000101", "H3": "14152000102", "H4": "14152000103"},
    "Customers": {"I2": "California", "E3": "EN-gb", "D2": "not-an-email"},
    "Locations": {"F3": "Texas"},
}
"""Cells of the sample spoiled the way partners spoil them; the sample holds the right value."""
EDIT = ("Customers", "D2", "it-admin@acmerobotics.example.com")
STALE_NOTE = "Checking your change… until then, before it: "
"""What the verdict starts with while a change is checked (the verdict is of the workbook
before the change)."""
CHECKED_AGAIN = """() => {
    const status = document.getElementById("fix-status");
    return document.querySelector("main").getAttribute("aria-busy") === "false" &&
        status !== null && status.textContent.startsWith("Checked again");
}"""


def spoil(folder: Path) -> Path:
    """A copy of the sample with :data:`DAMAGE`, in ``folder``."""
    workbook = folder / "damaged.xlsx"
    shutil.copy(SAMPLE, workbook)
    book = openpyxl.load_workbook(workbook)
    for sheet, cells in DAMAGE.items():
        for cell, value in cells.items():
            book[sheet][cell].value = value
    book.save(workbook)
    return workbook


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The spoiled sample (see :func:`spoil`)."""
    return spoil(tmp_path_factory.mktemp("fix"))


@pytest.fixture
def portal(tmp_path: Path) -> Iterator[PortalProcess]:
    """A validation-only ``rtm web``."""
    running = start_portal(tmp_path / "work")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    """A desktop page collecting console errors and failed requests."""
    context = browser.new_context(accept_downloads=True, viewport=DESKTOP)  # type: ignore[arg-type]
    try:
        yield Watched(context.new_page())
    finally:
        context.close()


def _errors(page: Page) -> int:
    return int(page.get_attribute("#verdict", "data-errors") or -1)


def _issues(page: Page) -> int:
    """Errors and warnings, as the headline counts them."""
    return _errors(page) + int(page.get_attribute("#verdict", "data-warnings") or -1)


def _after(page: Page, action: str) -> None:
    """Click ``action`` (a selector), wait for the page to be checked again in place."""
    page.evaluate("document.getElementById('fix-status').textContent = ''")
    page.click(action)
    page.wait_for_function(CHECKED_AGAIN, timeout=60_000)


def _preview(page: Page, selector: str) -> list[tuple[str, ...]]:
    """The (sheet, cell, old, new, code, kind) rows a group's preview shows."""
    rows = page.eval_on_selector_all(
        selector + " table.fix-cells tbody tr",
        """rows => rows.map(r => [r.dataset.sheet, r.dataset.cell,
            r.querySelector('.old').textContent, r.querySelector('.new').textContent,
            r.closest('.fix-group').dataset.code, r.querySelector('.badge').textContent])""",
    )
    return [tuple(r) for r in rows]


def _accept_group_then_single(page: Page) -> list[tuple[str, ...]]:
    """Accept the first group, then the first fix of the next group; the rows they promised."""
    group = page.get_attribute(".fix-group", "data-code")
    promised = _preview(page, f'.fix-group[data-code="{group}"]')
    assert len(promised) >= 2, promised
    before = _issues(page)
    _after(page, f'.fix-group[data-code="{group}"] button.accept-group')
    assert _issues(page) == before - len(promised)
    assert page.locator(f'.fix-group[data-code="{group}"]').count() == 0
    single = page.locator(".fix-group").first
    single.locator("summary").click()
    code = single.get_attribute("data-code")
    one = _preview(page, f'.fix-group[data-code="{code}"]')[0]
    before = _issues(page)
    _after(page, f'.fix-group[data-code="{code}"] button.accept-one >> nth=0')
    assert _issues(page) == before - 1
    return [*promised, one]


def _edit_in_grid(page: Page) -> None:
    sheet, cell, value = EDIT
    assert page.get_attribute("table.grid", "data-sheet") == sheet
    before = _issues(page)
    page.click(f'#grid-wrap td[data-cell="{cell}"]')
    editor = page.get_by_label(f"New value for {sheet} {cell}")
    editor.fill(value)
    page.evaluate("document.getElementById('fix-status').textContent = ''")
    verdict = page.inner_text("#verdict")
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)  # the edit waits here until the page is looked at

    page.route("**/edits", hold)
    editor.press("Enter")
    page.wait_for_function("document.getElementById('stale-note') !== null")
    assert page.inner_text("#verdict") == STALE_NOTE + verdict  # never shown as current
    assert page.get_attribute("#verdict", "data-stale") == "true"
    shown = page.locator(f'#grid-wrap td[data-cell="{cell}"]')
    assert shown.inner_text() == value and "pending" in (shown.get_attribute("class") or "")
    for _ in range(100):  # the route handler runs while Playwright handles events
        if held:
            break
        page.wait_for_function("true")
    held.pop().continue_()
    page.unroute("**/edits")
    page.wait_for_function(CHECKED_AGAIN, timeout=60_000)
    assert page.locator("#stale-note").count() == 0
    assert page.get_attribute("#verdict", "data-stale") is None
    assert _issues(page) == before - 1
    assert page.evaluate("window.__notReloaded === true")
    assert page.inner_text(f'#grid-wrap td[data-cell="{cell}"]') == value


def _changes_sheet(workbook: Path) -> list[tuple[str, ...]]:
    book = openpyxl.load_workbook(workbook, read_only=True)
    rows = [tuple(str(v or "") for v in r) for r in book["Changes"].iter_rows(values_only=True)]
    book.close()
    return rows


def _page_counts(page: Page) -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    for sheet, code, n in page.eval_on_selector_all(
        "#counts tbody tr",
        "rows => rows.map(r => [r.dataset.sheet, r.dataset.code,"
        " r.querySelector('td.number').textContent])",
    ):
        found[(sheet, code)] += int(n.replace(",", ""))
    return found


def test_accept_a_group_a_single_fix_and_an_edit_then_download_the_corrected_workbook(
    watched: Watched, portal: PortalProcess, damaged: Path, tmp_path: Path
) -> None:
    page = watched.page
    pick_file(page, portal, damaged)
    page.evaluate("window.__notReloaded = true")
    first = _errors(page)
    promised = _accept_group_then_single(page)
    assert page.evaluate("window.__notReloaded === true")
    _edit_in_grid(page)
    screenshot(page, "portal-fixed-1280")

    with page.expect_download() as download:
        page.click("#download-corrected")
    corrected = tmp_path / "corrected.xlsx"
    download.value.save_as(corrected)

    header, *listed = _changes_sheet(corrected)
    assert header == ("Sheet", "Cell", "Old value", "New value", "Code", "Kind", "Reason")
    sheet, cell, value = EDIT
    expected = {(s, c, old, new, code, kind) for s, c, old, new, code, kind in promised}
    expected.add((sheet, cell, DAMAGE[sheet][cell], value, "edited-by-partner", "edited"))
    assert {row[:6] for row in listed} == expected
    assert len(listed) == len(expected)
    sample = openpyxl.load_workbook(SAMPLE, read_only=True)
    for s, c, _, new, _, _ in expected:
        assert new == str(sample[s][c].value), (s, c)  # each repair restored the sample's value

    fresh = _rtm_validate(corrected)
    errors, warnings = fresh["stats"]["errors"], fresh["stats"]["warnings"]
    shown = int(page.get_attribute("#verdict", "data-warnings") or -1)
    assert (_errors(page), shown) == (errors, warnings)
    assert errors < first
    assert page.inner_text("#verdict") == _headline(errors, warnings, len(expected))
    assert _page_counts(page) == Counter((i["sheet"], i["code"]) for i in fresh["issues"])
    upload = next(portal.uploads.iterdir()) / "workbook.xlsx"
    assert _digest(upload) == _digest(damaged)  # the upload itself is never changed
    assert watched.problems == []


def _headline(errors: int, warnings: int, changes: int) -> str:
    """The headline the page must show for these counts after ``changes`` changes."""
    plural = {n: "s" if n != 1 else "" for n in (errors, warnings, changes)}
    after = f"after your {changes} change{plural[changes]}"
    if errors:
        found = f"{errors} error{plural[errors]}, {warnings} warning{plural[warnings]}"
        return f"Not valid {after}: {found} left."
    noted = f" ({warnings} warning{plural[warnings]})" if warnings else ""
    return f"Valid {after}{noted}: download the corrected workbook and upload it to import it."


def _rtm_validate(workbook: Path) -> dict[str, Any]:
    """What ``rtm validate --json`` says of ``workbook`` (its own process, as a partner runs it)."""
    done = subprocess.run(
        [sys.executable, "-m", "bulk", "validate", str(workbook), "--as-of", AS_OF, "--json", "-"],
        capture_output=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_fixes_fit_a_phone_and_axe_finds_nothing_serious(
    browser: Browser, portal: PortalProcess, damaged: Path, viewport: dict[str, int]
) -> None:
    context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        pick_file(page, portal, damaged)
        for summary in page.locator(".fix-preview summary").all():
            summary.click()
        page.click('#grid-wrap td[data-cell="A2"]')  # an editor open in the grid
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert _serious_violations(page) == []
        screenshot(page, f"portal-fixes-{viewport['width']}")
    finally:
        context.close()
