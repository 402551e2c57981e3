"""Driving the dashboard in Debian's chromium: contexts that never leave 127.0.0.1, the trainer
and partner logins, and the audit every page passes (no console error, no failed request, no
sideways scrolling, no serious or critical axe-core violation). The ``browser`` and ``server``
fixtures the dashboard tests share are in tests/e2e/conftest.py."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx2
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Page,
    Request,
    Response,
    Route,
    expect,
)

from tests.e2e.conftest import SimServer

WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
NORTHWIND = "classroom-northwind-admin"
REVIEW_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
"""Screenshots a reviewer looks at without running a server (the README names the folder)."""
SERIOUS = ("serious", "critical")
LONG_ID = base64.urlsafe_b64encode(b"ciscospark://us/SUBSCRIBER/" + b"7" * 36).decode()
"""A subscriber id as long as the API's (a base64 path segment the call log shortens)."""


def local_context(
    browser: Browser, width: str = "desktop", off_host: list[Request] | None = None
) -> BrowserContext:
    """A browser context that never leaves 127.0.0.1: a request for any other host is aborted
    (and noted in ``off_host``)."""
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, accept_downloads=True)
    context.set_default_timeout(15_000)

    def refuse(route: Route) -> None:
        if off_host is not None:
            off_host.append(route.request)
        route.abort()

    context.route(lambda url: urlsplit(url).hostname != "127.0.0.1", refuse)
    return context


def log_in_trainer(
    browser: Browser, server: SimServer, width: str = "desktop", asked: list[str] | None = None
) -> Page:
    """A page logged in with the admin token (every confirmation accepted, its question noted
    in ``asked``)."""
    page = local_context(browser, width).new_page()
    questions = [] if asked is None else asked

    def accept(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    page.goto(f"{server.url}/ui")
    page.get_by_label("Admin token", exact=True).fill(server.admin_token)
    page.get_by_role("button", name="Log in as trainer").click()
    expect(page.get_by_role("heading", name="Partners")).to_be_visible()
    return page


def log_in_partner(
    browser: Browser, server: SimServer, width: str = "desktop", token: str = NORTHWIND
) -> Page:
    """A page logged in with a partner token."""
    page = local_context(browser, width).new_page()
    page.goto(f"{server.url}/ui")
    page.get_by_label("Partner token", exact=True).fill(token)
    page.get_by_role("button", name="Log in as partner").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    return page


def open_controls(trainer: Page) -> None:
    """The trainer controls, from the main navigation."""
    nav = trainer.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Trainer controls").click()


def load_pack(trainer: Page, pack: str = "classroom") -> None:
    """Reset and load a scenario pack from the trainer controls."""
    open_controls(trainer)
    trainer.get_by_label("Pack", exact=True).select_option(pack)
    trainer.get_by_role("button", name="Reset and load").click()
    expect(trainer.get_by_role("status").first).to_contain_text(f"Scenario {pack} loaded.")


def make_calls(server: SimServer) -> str:
    """API calls of the classroom's northwind (one with a long id in its path) and one that an
    injected fault answers; returns the faulted call's tracking id."""
    partner = {"Authorization": f"Bearer {NORTHWIND}"}
    httpx2.get(f"{server.url}/v1/wholesale/customers", headers=partner)
    httpx2.get(f"{server.url}/v1/wholesale/subscribers/{LONG_ID}", headers=partner)
    plan = {"seed": 1, "rules": [{"route": "/v1/wholesale/billing/*", "status": 503}]}
    httpx2.put(f"{server.url}/_sim/faults", json=plan, headers=server.admin())
    faulted = httpx2.get(f"{server.url}/v1/wholesale/billing/reports", headers=partner)
    httpx2.put(f"{server.url}/_sim/faults", json={"rules": []}, headers=server.admin())
    assert faulted.status_code == 503
    return faulted.headers["TrackingID"]


def partner_pages(page: Page, base: str) -> dict[str, str]:
    """Every page of a partner's dashboard by name (a customer and a Setup Assist project of the
    classroom pack found first)."""
    page.goto(f"{base}/customers?externalId=nw-harbor-dental")
    customer = page.get_by_role("link", name="nw-harbor-dental").get_attribute("href") or ""
    page.goto(f"{base}/assist")
    project = page.get_by_role("link", name=re.compile("nw-pine-law")).get_attribute("href") or ""
    return {
        "overview": base,
        "customers": f"{base}/customers",
        "customer": customer,
        "subscribers": f"{base}/subscribers",
        "locations": f"{base}/locations",
        "assist": f"{base}/assist",
        "assist-project": project,
        "billing": f"{base}/billing",
        "calls": base.split("/ui/")[0] + "/ui/calls",
        "form-customer": f"{base}/customers/new",
        "form-subscriber": f"{customer}/subscribers/new",
        "form-location": f"{customer}/locations/new",
        "form-assist": f"{customer}/assist/new",
        "form-order": f"{base}/assist-order",
        "form-readiness": f"{base}/assist-readiness",
        "form-report": f"{base}/billing/new",
    }


@dataclass
class Watch:
    """What went wrong on a page while it was watched: console errors, failed requests and
    answers of 400 or more (expected ones aside)."""

    expected: set[int] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Watch:
        """Start watching ``page``."""
        page.on("console", self._console)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        return self

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and not self._expected_status_text(message.text):
            self.problems.append(f"console: {message.text}")

    def _expected_status_text(self, text: str) -> bool:
        return any(f"status of {code}" in text for code in self.expected)

    def _failed(self, request: Request) -> None:
        # The browser cancels what is still loading when the test navigates on (a page's own
        # refresh, the icon): not the page's failure. A missing file is still caught, as its
        # 404 answer.
        if request.failure == "net::ERR_ABORTED":
            return
        self.problems.append(f"failed: {request.method} {request.url} {request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400 and response.status not in self.expected:
            self.problems.append(f"answered {response.status}: {response.url}")


def axe_problems(page: Page) -> list[str]:
    """Every serious or critical axe-core violation on ``page``, one line each."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]


def sideways_overflow(page: Page) -> int:
    """How many pixels the page is wider than its viewport (0 when it never scrolls sideways)."""
    overflow: int = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    return overflow


def too_wide(page: Page) -> list[str]:
    """The elements reaching past the viewport's right edge (to say what overflows)."""
    found: list[str] = page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 8)
            .map(e => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`)"""
    )
    return found


def cut_off(page: Page) -> list[str]:
    """The visible elements of the page's heading and main content that reach past the
    viewport's left or right edge without a box of their own to scroll them into view (a table
    in its scrolling wrapper is reachable; a skip link parked off-screen is not content)."""
    found: list[str] = page.evaluate(
        """() => {
            const width = window.innerWidth;
            const scrolled = e => {
                for (let a = e.parentElement; a; a = a.parentElement) {
                    const o = getComputedStyle(a).overflowX;
                    if (o === "auto" || o === "scroll") return true;
                }
                return false;
            };
            return [...document.querySelectorAll("h1, main, main *")]
                .filter(e => {
                    const r = e.getBoundingClientRect();
                    if (r.width < 2 || r.height < 2 || r.right <= 0) return false;
                    if (getComputedStyle(e).visibility === "hidden") return false;
                    return (r.left < -1 || r.right > width + 1) && !scrolled(e);
                })
                .slice(0, 8)
                .map(e => {
                    const r = e.getBoundingClientRect();
                    const span = `${Math.round(r.left)}..${Math.round(r.right)}`;
                    return `${e.tagName}.${e.className} ${span}`;
                });
        }"""
    )
    return found


def empty_main(page: Page) -> bool:
    """Whether the page shows no content: its main region has no visible text."""
    text: str = page.locator("main").inner_text()
    return not text.strip()


def review_shot(page: Page, name: str) -> Path:
    """A full-page screenshot under ``docs/screenshots`` named for the page and width."""
    REVIEW_SHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    path = REVIEW_SHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


__all__ = [
    "LONG_ID",
    "NORTHWIND",
    "REVIEW_SHOTS",
    "WIDTHS",
    "Watch",
    "axe_problems",
    "cut_off",
    "empty_main",
    "load_pack",
    "local_context",
    "log_in_partner",
    "log_in_trainer",
    "make_calls",
    "open_controls",
    "partner_pages",
    "review_shot",
    "sideways_overflow",
    "too_wide",
]
