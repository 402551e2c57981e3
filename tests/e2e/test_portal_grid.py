"""The grid keeps every bad cell visible (the real ``rtm web``, Debian's chromium): at 1280 px
and at 390 px each bad cell, scrolled into view, has its whole box inside the grid and is the
element found at its corners (nothing pinned or drawn over it); the grid scrolls with the
keyboard alone; an issue's cell link brings its cell into view; filters by code, column and
severity keep only matching rows."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.test_portal_support import (
    SAMPLE,
    PortalProcess,
    browser,
    pick_file,
    screenshot,
    start_portal,
)

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # fixture used by the tests below

BAD_CELLS = {
    "Customers": {"D2": "not-an-email", "K3": "ZZ"},
    "Locations": {"I2": "Mars/Olympus", "L3": "12ab"},
    "Subscribers": {"C5": "bad@", "H6": "12", "I7": "x1"},
}
WIDTHS = {"desktop": 1280, "phone": 390}

UNOBSCURED = """cell => {
    cell.scrollIntoView({block: "center", inline: "center"});
    const wrap = document.getElementById("grid-wrap");
    const box = cell.getBoundingClientRect();
    const view = wrap.getBoundingClientRect();
    const inside = box.left >= view.left - 1 && box.right <= view.right + 1 &&
                   box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
    const corners = [[box.left + 3, box.top + 3], [box.right - 3, box.top + 3],
                     [box.left + 3, box.bottom - 3], [box.right - 3, box.bottom - 3],
                     [(box.left + box.right) / 2, (box.top + box.bottom) / 2]];
    const covered = corners.filter(([x, y]) => {
        const found = document.elementFromPoint(x, y);
        return !(found === cell || cell.contains(found));
    });
    return {inside, covered: covered.length, width: box.width, height: box.height};
}"""


SCROLLED = """side => new Promise(done => {
    const wrap = document.getElementById("grid-wrap");
    let frames = 0;
    const look = () => {
        if (wrap[side] > 0 && ++frames > 20 || frames > 600) { done(wrap[side]); return; }
        if (wrap[side] === 0) { frames++; }
        requestAnimationFrame(look);
    };
    look();
})"""


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[PortalProcess, Path]]:
    """One validation-only ``rtm web`` and a copy of the sample with bad cells far right."""
    folder = tmp_path_factory.mktemp("grid")
    workbook = folder / "bad-cells.xlsx"
    shutil.copy(SAMPLE, workbook)
    book = openpyxl.load_workbook(workbook)
    for sheet, cells in BAD_CELLS.items():
        for cell, value in cells.items():
            book[sheet][cell].value = value
    book.save(workbook)
    running = start_portal(folder / "work")
    try:
        yield running, workbook
    finally:
        running.stop()


def _page(browser: Browser, width: int) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_bad_cell_is_visible_and_unobscured(
    browser: Browser, portal: tuple[PortalProcess, Path], width: str
) -> None:
    running, workbook = portal
    pages = _page(browser, WIDTHS[width])
    page = next(pages)
    try:
        pick_file(page, running, workbook)
        report = page.url
        for sheet, cells in BAD_CELLS.items():
            page.goto(f"{report}?sheet={sheet}#grid")
            bad = page.locator("table.grid td.bad")
            assert bad.count() >= len(cells), sheet
            for cell in cells:
                assert page.locator(f'td.bad[data-cell="{cell}"]').count() == 1, (sheet, cell)
            for index in range(bad.count()):
                seen = bad.nth(index).evaluate(UNOBSCURED)
                where = (sheet, bad.nth(index).get_attribute("data-cell"), seen)
                assert seen["inside"] and seen["covered"] == 0 and seen["width"] > 20, where
            assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]
            screenshot(page, f"portal-grid-{sheet.lower()}-{WIDTHS[width]}")
    finally:
        pages.close()


def test_the_grid_scrolls_with_the_keyboard_and_an_issue_link_reveals_its_cell(
    browser: Browser, portal: tuple[PortalProcess, Path]
) -> None:
    running, workbook = portal
    pages = _page(browser, WIDTHS["phone"])
    page = next(pages)
    try:
        pick_file(page, running, workbook)
        page.goto(page.url + "?sheet=Subscribers#grid")
        for _ in range(80):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "grid-wrap":
                break
        assert page.evaluate("document.activeElement.id") == "grid-wrap"
        for _ in range(8):
            page.keyboard.press("ArrowRight")
        # Keyboard scrolling is animated: wait (in the page) for it to arrive.
        assert page.evaluate(SCROLLED, "scrollLeft") > 100
        page.keyboard.press("ArrowDown")
        assert page.evaluate(SCROLLED, "scrollTop") > 0
        page.evaluate("document.getElementById('grid-wrap').scrollLeft = 0")
        link = page.locator('a.goto[data-cell="I7"]')
        link.click()
        assert page.evaluate("document.activeElement.getAttribute('data-cell')") == "I7"
        seen = page.locator('td[data-cell="I7"]').evaluate(UNOBSCURED)
        assert seen["inside"] and seen["covered"] == 0, seen
    finally:
        pages.close()


def test_filters_by_code_column_and_severity(
    browser: Browser, portal: tuple[PortalProcess, Path]
) -> None:
    running, workbook = portal
    pages = _page(browser, WIDTHS["desktop"])
    page = next(pages)
    try:
        pick_file(page, running, workbook)
        page.goto(page.url + "?sheet=Subscribers#grid")
        everything = page.locator("table.grid tbody tr[data-row]").count()
        page.select_option("#filter-column", "Email")
        page.click("#filter-button")
        rows = page.locator("table.grid tbody tr[data-row]")
        assert 0 < rows.count() < everything
        for index in range(rows.count()):
            number = rows.nth(index).get_attribute("data-row")
            notes = page.locator(f'tr.issues-row[data-for="{number}"] li[data-column="Email"]')
            assert notes.count() >= 1
        code = page.locator("#filter-code option").nth(1).get_attribute("value") or ""
        page.select_option("#filter-column", "")
        page.select_option("#filter-code", code)
        page.select_option("#filter-severity", "error")
        page.click("#filter-button")
        assert page.locator(f'table.grid li[data-code="{code}"]').count() >= 1
        assert page.locator("#clear-filters").is_visible()
    finally:
        pages.close()
