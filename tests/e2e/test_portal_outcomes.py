"""The portal tells the truth at a glance (the real ``rtm web`` and simulator, Debian's
chromium): the dry run and import headlines of a workbook whose Setup Assist rows the partner
is not entitled to; an import waiting on the API says why, is cancelled and resumed; Import,
Cancel and Delete ask first, naming what happens; no page is wider than a 390 px phone; no
console errors, no failed requests and no serious accessibility violations (axe-core)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import SimServer
from tests.e2e.test_portal_support import (
    SAMPLE,
    PortalProcess,
    browser,
    confirm_click,
    holdings,
    pick_file,
    ready_partner,
    screenshot,
    start_portal,
)

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # fixture used by the tests below

ERROR_RED = "rgb(180, 35, 24)"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


class Watched:
    """A page whose console errors and failed requests are collected."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(f"console: {message.text}")

    def _failed(self, request: Any) -> None:
        # A long-poll still open when the page navigates is aborted by the browser itself.
        aborted = request.failure == "net::ERR_ABORTED" and "/status" in request.url
        if not aborted:
            self.problems.append(f"failed: {request.url} {request.failure}")

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


def _context_page(browser: Browser, viewport: dict[str, int]) -> Iterator[Watched]:
    context = browser.new_context(accept_downloads=True, viewport=viewport)  # type: ignore[arg-type]
    try:
        yield Watched(context.new_page())
    finally:
        context.close()


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    """A desktop-width page (1280 px) that collects console errors and failed requests."""
    yield from _context_page(browser, DESKTOP)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Watched]:
    """A 390 px wide page."""
    yield from _context_page(browser, PHONE)


def _serious_violations(page: Page) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v.get("impact") in ("serious", "critical")
    ]


def _transitions(server: SimServer, mode: str) -> None:
    httpx2.put(
        f"{server.url}/_sim/transitions",
        json={"mode": mode, "delaySeconds": 1},
        headers=server.admin(),
    ).raise_for_status()


def test_headlines_of_a_partner_not_entitled_to_setup_assist(
    watched: Watched, sim_server: SimServer, tmp_path: Path
) -> None:
    page = watched.page
    token = sim_server.mint("portal-not-entitled")
    portal = start_portal(tmp_path / "work", "--target-url", sim_server.url, token=token)
    try:
        pick_file(page, portal, SAMPLE)
        page.click("#dry-run-button")
        page.wait_for_selector("#dry-run-outcome", timeout=60_000)
        headline = page.inner_text("#dry-run-headline")
        assert headline.startswith("Dry run: 2 rows would fail"), headline
        assert "passed" not in page.inner_text("#import")
        group = page.locator('#dry-run-outcome .failure-group[data-code="assist-not-entitled"]')
        assert group.get_attribute("data-count") == "2"
        assert "POST /v1/wholesale/setupAssist/entitlement" in group.inner_text()

        confirm_click(page, "#import-button")
        page.wait_for_selector("#import-outcome", timeout=120_000)
        headline = page.inner_text("#import-headline")
        assert headline == "Import finished with 2 failed rows.", headline
        assert page.inner_text("#verdict") == headline  # the banner follows the import
        assist = page.locator('#import-phases .phase[data-phase="Setup Assist"]')
        assert assist.get_attribute("data-failed") == "2"
        count = assist.locator(".failed-count")
        assert count.inner_text() == "2 failed"
        assert count.evaluate("e => getComputedStyle(e).color") == ERROR_RED
        groups = page.locator("#import-outcome .failure-group")
        assert groups.count() == 1 and groups.first.get_attribute("data-count") == "2"
        assert "Order A-Wholesale once" in groups.first.inner_text()
        screenshot(page, "portal-import-outcome-1280")
        assert _serious_violations(page) == []
        page.set_viewport_size(PHONE)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "portal-import-outcome-390")
    finally:
        portal.stop()
    assert watched.problems == []


def test_a_waiting_import_says_why_and_is_cancelled_then_resumed(
    watched: Watched, sim_server: SimServer, tmp_path: Path
) -> None:
    page = watched.page
    token = ready_partner(sim_server, "portal-waiting")
    _transitions(sim_server, "manual")
    portal = start_portal(tmp_path / "work", "--target-url", sim_server.url, token=token)
    try:
        pick_file(page, portal, SAMPLE)
        question = confirm_click(page, "#import-button")
        assert "sample.xlsx" in question
        wait = page.locator("#waits li").first
        wait.wait_for(timeout=60_000)
        assert "3 rows waiting for the API to finish provisioning their customer since" in (
            wait.inner_text()
        )
        assert page.inner_text("#job-headline").startswith("Import waiting on the API: 3 rows")
        assert page.locator("#verdict").get_attribute("data-verdict") == "waiting"
        screenshot(page, "portal-import-waiting-1280")

        question = confirm_click(page, "#cancel-button")
        assert "journal keeps them" in question
        page.wait_for_selector("#interrupted", timeout=60_000)
        assert page.inner_text("#job-headline").startswith("Import stopped: cancelled")
        assert page.inner_text("#import-button") == "Resume import"

        _transitions(sim_server, "immediate")
        confirm_click(page, "#import-button")
        page.wait_for_selector("#import-outcome", timeout=120_000)
        assert page.inner_text("#import-headline") == "Import finished, every row done (40 rows)."
        assert len(holdings(sim_server, token)["subscribers"]) == 30
    finally:
        portal.stop()
    assert watched.problems == []


def _delete_asks_first(page: Page, portal: PortalProcess) -> None:
    page.goto(portal.url + "/")
    delete = "#uploads button.quiet"
    question = confirm_click(page, delete, accept=False)
    assert "sample.xlsx" in question and "cannot be recovered" in question
    assert page.locator("#uploads tbody tr").count() == 1  # dismissed: nothing deleted
    confirm_click(page, delete)
    page.wait_for_load_state()
    assert page.locator("#uploads").count() == 0


def test_uploads_list_and_delete_ask_first(watched: Watched, tmp_path: Path) -> None:
    page = watched.page
    portal = start_portal(tmp_path / "work")
    try:
        pick_file(page, portal, SAMPLE)
        page.goto(portal.url + "/")
        row = page.locator("#uploads tbody tr").first
        text = row.inner_text()
        assert "sample.xlsx" in text and "UTC" in text and "valid" in text
        assert "Wed 25 Nov 2026" in text
        _delete_asks_first(page, portal)
    finally:
        portal.stop()
    assert watched.problems == []


def _pages(page: Page, portal: PortalProcess) -> list[str]:
    pick_file(page, portal, SAMPLE)
    report = page.url
    return [portal.url + "/", report, report + "?sheet=Subscribers#grid", portal.url + "/codes"]


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_no_page_is_wider_than_its_viewport_and_axe_finds_nothing_serious(
    browser: Browser, tmp_path: Path, width: str
) -> None:
    viewport = PHONE if width == "phone" else DESKTOP
    pages = _context_page(browser, viewport)
    watched = next(pages)
    page = watched.page
    portal = start_portal(tmp_path / "work")
    try:
        for index, address in enumerate(_pages(page, portal)):
            page.goto(address)
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= viewport["width"], (address, wide)
            assert _serious_violations(page) == [], address
            name = ("home", "report", "report-subscribers", "codes")[index]
            screenshot(page, f"portal-{name}-{viewport['width']}")
    finally:
        portal.stop()
        pages.close()
    assert watched.problems == []
