"""The dashboard in a real browser (Debian's chromium driven by Playwright) against the real
simulator process: the trainer logs in and loads the classroom pack; a partner user provisions
a customer and a subscriber through the portal forms (and sees a refusal explained at its
field); the trainer advances the clock and the provisioning customer becomes provisioned on a
page that refreshes itself; the partner completes its tasks and the project's phase moves on;
a billing report is downloaded. Every page is photographed at 1280 and 390 px wide under
``test-artifacts/screenshots/``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Request,
    Route,
    expect,
    sync_playwright,
)

from tests.e2e.conftest import SimServer, start_simulator

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
NORTHWIND = "classroom-northwind-admin"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimServer]:
    """The simulator as a process on 127.0.0.1, on a fresh SQLite file."""
    folder = tmp_path_factory.mktemp("dashboard")
    running = start_simulator(folder, f"sqlite:///{folder / 'sim.sqlite'}")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium (never a downloaded one)."""
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _context(
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


def _trainer(browser: Browser, server: SimServer, width: str = "desktop") -> Page:
    page = _context(browser, width).new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{server.url}/ui")
    page.get_by_label("Admin token", exact=True).fill(server.admin_token)
    page.get_by_role("button", name="Log in as trainer").click()
    expect(page.get_by_role("heading", name="Partners")).to_be_visible()
    return page


def _load_classroom(trainer: Page) -> None:
    trainer.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Trainer controls"
    ).click()
    trainer.get_by_label("Pack", exact=True).select_option("classroom")
    trainer.get_by_role("button", name="Reset and load").click()
    expect(trainer.get_by_role("status")).to_contain_text("Scenario classroom loaded.")
    expect(trainer.get_by_text("classroom-northwind-admin")).to_be_visible()


def _partner(browser: Browser, server: SimServer, width: str = "desktop") -> Page:
    page = _context(browser, width).new_page()
    page.goto(f"{server.url}/ui")
    page.get_by_label("Partner token", exact=True).fill(NORTHWIND)
    page.get_by_role("button", name="Log in as partner").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    return page


def _advance_clock_one_hour(trainer: Page) -> None:
    trainer.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Trainer controls"
    ).click()
    trainer.get_by_role("button", name="One hour").click()
    expect(trainer.get_by_role("status")).to_contain_text("Clock moved: One hour.")


def _provision_customer(partner: Page) -> str:
    partner.get_by_role("navigation", name="Main").get_by_role("link", name="Customers").click()
    partner.get_by_role("link", name="Provision a customer").click()
    partner.get_by_label("External ID", exact=True).fill("nw-browser-bistro")
    partner.get_by_label("Customer name", exact=True).fill("Browser Bistro")
    partner.get_by_label("Primary email", exact=True).fill("chef@browser-bistro.example")
    partner.get_by_label("Address line 1", exact=True).fill("10 Pike Street")
    partner.get_by_label("City", exact=True).fill("Seattle")
    partner.get_by_label("State or province", exact=True).fill("WA")
    partner.get_by_label("Postal code", exact=True).fill("98101")
    partner.get_by_label("Country", exact=True).fill("US")
    partner.get_by_label("webex_meetings", exact=True).check()
    partner.get_by_label("Location time zone", exact=True).fill("America/Los_Angeles")
    partner.get_by_role("button", name="Provision a customer").click()
    expect(partner.get_by_role("heading", name="Customer nw-browser-bistro")).to_be_visible()
    expect(partner.locator("#customer-status")).to_contain_text("provisioning")
    return partner.url


def _add_subscriber_after_a_refusal(partner: Page) -> None:
    partner.get_by_role("navigation", name="Main").get_by_role("link", name="Customers").click()
    partner.get_by_role("link", name="nw-harbor-dental").click()
    partner.get_by_role("link", name="Add a subscriber").click()
    partner.get_by_label("Email", exact=True).fill("browser.user@harbor-dental.example")
    partner.get_by_label("First name", exact=True).fill("Browser")
    partner.get_by_label("Last name", exact=True).fill("User")
    partner.get_by_label("Package", exact=True).select_option("webex_suite")
    partner.get_by_role("button", name="Add a subscriber").click()
    refusal = partner.locator('[data-field="package"] .field-error')
    expect(refusal).to_contain_text("package-not-on-customer")
    expect(refusal).to_contain_text("webex_suite")
    expect(partner.get_by_label("Package", exact=True)).to_have_attribute("aria-invalid", "true")
    _shoot(partner, "form-refused")
    partner.get_by_label("Package", exact=True).select_option("webex_meetings")
    partner.get_by_role("button", name="Add a subscriber").click()
    expect(partner.get_by_role("heading", name="Subscribers")).to_be_visible()
    expect(partner.get_by_text("browser.user@harbor-dental.example")).to_be_visible()


def _complete_partner_tasks(partner: Page) -> None:
    partner.get_by_role("navigation", name="Main").get_by_role("link", name="Setup Assist").click()
    partner.get_by_role("link", name=re.compile("nw-harbor-dental")).click()
    expect(partner.locator("#request-phase")).to_contain_text("phase 3 of 8")
    buttons = partner.locator("#phase-3").get_by_role("button", name=re.compile("^Mark done"))
    remaining = buttons.count()
    assert remaining > 0
    while remaining:
        buttons.first.click()
        remaining -= 1
        expect(buttons).to_have_count(remaining)
    expect(partner.locator("#request-phase")).to_contain_text("phase 4 of 8")
    expect(partner.locator("#phase-3")).to_contain_text("completed")


def _download_report(partner: Page, folder: Path) -> str:
    partner.get_by_role("navigation", name="Main").get_by_role("link", name="Billing").click()
    link = partner.locator("a.download").first
    expect(link).to_be_visible()
    with partner.expect_download() as waiting:
        link.click()
    saved = folder / waiting.value.suggested_filename
    waiting.value.save_as(saved)
    return saved.read_text()


def test_the_dashboard_flow(browser: Browser, server: SimServer, tmp_path: Path) -> None:
    trainer = _trainer(browser, server)
    _load_classroom(trainer)
    partner = _partner(browser, server)
    customer_page = _provision_customer(partner)
    _add_subscriber_after_a_refusal(partner)
    partner.goto(customer_page)
    expect(partner.locator("body")).to_have_attribute("data-refresh", "3")
    _advance_clock_one_hour(trainer)
    # No reload by the test: the page refreshes itself while the customer is provisioning.
    expect(partner.locator("#customer-status")).to_contain_text("provisioned", timeout=20_000)
    expect(partner.locator("#customer-status")).not_to_contain_text("provisioning")
    _complete_partner_tasks(partner)
    csv = _download_report(partner, tmp_path)
    assert csv.startswith("line_type,customer_id,external_customer_id")
    assert "nw-harbor-dental" in csv
    partner.context.close()
    trainer.context.close()


def _shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def _shoot_readable(page: Page, name: str, width: str) -> None:
    """Photograph a page after checking it has a heading and never scrolls sideways."""
    expect(page.locator("h1")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} scrolls sideways at {width} width"
    _shoot(page, name)


def _pages(page: Page, base: str) -> dict[str, str]:
    """Every page to photograph, by name."""
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
        "form-assist": f"{customer}/assist/new",
        "form-readiness": f"{base}/assist-readiness",
    }


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_every_page_is_readable_at_laptop_and_phone_width(
    browser: Browser, server: SimServer, width: str
) -> None:
    trainer = _trainer(browser, server, width)
    _load_classroom(trainer)
    _shoot_readable(trainer, "trainer", width)
    trainer.get_by_role("navigation", name="Main").get_by_role("link", name="Partners").click()
    _shoot_readable(trainer, "partners", width)
    partner = _partner(browser, server, width)
    base = partner.url.rstrip("/")
    for name, url in _pages(partner, base).items():
        partner.goto(url)
        _shoot_readable(partner, name, width)
    anonymous = _context(browser, width).new_page()
    anonymous.goto(f"{server.url}/ui")
    _shoot(anonymous, "login")
    anonymous.goto(f"{server.url}/ui/trainer")
    _shoot(anonymous, "refused-401")
    for page in (trainer, partner, anonymous):
        page.context.close()


@pytest.mark.parametrize(
    ("path", "operation"),
    [("/docs", "Provision Subscriber"), ("/redoc", "Provision Subscriber")],
)
def test_api_docs_render_from_the_simulator_alone(
    browser: Browser, server: SimServer, path: str, operation: str
) -> None:
    # Swagger UI and ReDoc come with the simulator: a classroom without internet still has them.
    # (ReDoc's footer asks cdn.redoc.ly for its logo image, which the context refuses; nothing
    # the page needs comes from anywhere but the simulator.)
    off_host: list[Request] = []
    page = _context(browser, off_host=off_host).new_page()
    page.goto(f"{server.url}{path}")
    expect(page.get_by_text(operation, exact=True).filter(visible=True).first).to_be_visible()
    needed = [f"{r.resource_type} {r.url}" for r in off_host if r.resource_type != "image"]
    assert needed == []
    page.screenshot(path=SHOTS / f"api-docs{path.replace('/', '-')}.png")
    page.context.close()
