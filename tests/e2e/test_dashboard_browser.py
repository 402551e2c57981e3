"""The dashboard in a real browser (Debian's chromium driven by Playwright) against the real
simulator process: the trainer logs in and loads the classroom pack; a partner user provisions
a customer and a subscriber through the portal forms (and sees a refusal explained at its
field); the trainer advances the clock and the provisioning customer becomes provisioned on a
page that refreshes itself; the partner completes its tasks and the project's phase moves on;
a billing report is downloaded. Every page is photographed at 1280 and 390 px wide under
``test-artifacts/screenshots/``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    Page,
    Request,
    expect,
)

from tests.e2e.conftest import SimServer
from tests.e2e.dashboard_support import (
    WIDTHS,
    load_pack,
    local_context,
    log_in_partner,
    log_in_trainer,
    partner_pages,
)

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def _trainer(browser: Browser, server: SimServer, width: str = "desktop") -> Page:
    return log_in_trainer(browser, server, width)


def _load_classroom(trainer: Page) -> None:
    load_pack(trainer, "classroom")
    expect(trainer.get_by_text("classroom-northwind-admin")).to_be_visible()


def _partner(browser: Browser, server: SimServer, width: str = "desktop") -> Page:
    return log_in_partner(browser, server, width)


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
    partner.get_by_label("Country", exact=True).select_option("US")
    partner.get_by_label("webex_meetings", exact=True).check()
    partner.get_by_label("Location time zone", exact=True).select_option("America/Los_Angeles")
    partner.get_by_role("button", name="Provision a customer").click()
    expect(partner.get_by_role("heading", name="Customer nw-browser-bistro")).to_be_visible()
    expect(partner.locator("#customer-status")).to_contain_text("provisioning")
    return partner.url


def _add_subscriber_after_a_refusal(partner: Page) -> None:
    partner.get_by_role("navigation", name="Main").get_by_role("link", name="Customers").click()
    partner.get_by_role("link", name="nw-harbor-dental").click()
    partner.get_by_role("link", name="Add a subscriber").click()
    package = partner.get_by_label("Package", exact=True)
    offered = package.locator("option").evaluate_all("options => options.map(o => o.value)")
    assert "webex_suite" not in offered  # only the customer's packages are offered
    partner.get_by_label("Email", exact=True).fill("browser.user@harbor-dental.example")
    partner.get_by_label("First name", exact=True).fill("Browser")
    package.select_option("webex_meetings")
    partner.get_by_label("Phone number", exact=True).fill("12345")
    partner.get_by_role("button", name="Add a subscriber").click()
    # Every problem at once, in the API's words.
    expect(partner.locator('[data-field="lastName"] .field-error')).to_have_count(0)  # optional
    expect(partner.locator('[data-field="primaryPhoneNumber"] .field-error')).to_contain_text(
        "cell-invalid-phone"
    )
    expect(partner.locator("main")).not_to_contain_text("formatted as text")
    _shoot(partner, "form-refused")
    partner.get_by_label("Last name", exact=True).fill("User")
    partner.get_by_label("Phone number", exact=True).fill("")
    partner.get_by_role("button", name="Add a subscriber").click()
    expect(partner.get_by_role("heading", name="Subscribers")).to_be_visible()
    expect(partner.locator("#flash")).to_have_text(
        "Subscriber browser.user@harbor-dental.example added to customer nw-harbor-dental"
        " with webex_meetings."
    )
    expect(partner.get_by_role("cell", name="browser.user@harbor-dental.example")).to_be_visible()


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
    done = partner.locator("#phase-3 .side-partner .task")
    for index in range(done.count()):
        expect(done.nth(index)).to_contain_text("done by northwind")
    expect(partner.locator("#phase-8")).to_contain_text("about 1 business day")
    expect(partner.locator("#phase-8")).not_to_contain_text("1 business days")


def _download_report(partner: Page, folder: Path) -> str:
    partner.get_by_role("navigation", name="Main").get_by_role("link", name="Billing").click()
    link = partner.locator("a.download").first
    expect(link).to_have_text(re.compile(r"^Download the \w+ report, [\d-]+ to [\d-]+ \(CSV\)$"))
    with partner.expect_download() as waiting:
        link.click()
    name = waiting.value.suggested_filename
    assert re.fullmatch(
        r"billing-(partner|customer|user)-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv", name
    )
    saved = folder / name
    waiting.value.save_as(saved)
    return saved.read_text()


@pytest.mark.slow
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


SHOT_PAGES = (
    "overview",
    "customers",
    "customer",
    "subscribers",
    "locations",
    "assist",
    "assist-project",
    "billing",
    "calls",
    "form-customer",
    "form-subscriber",
    "form-assist",
    "form-readiness",
)
"""The pages photographed (tests/e2e/test_dashboard_audit.py audits every page)."""


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
    pages = partner_pages(partner, base)
    for name, url in ((name, pages[name]) for name in SHOT_PAGES):
        partner.goto(url)
        _shoot_readable(partner, name, width)
    anonymous = local_context(browser, width).new_page()
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
    page = local_context(browser, off_host=off_host).new_page()
    page.goto(f"{server.url}{path}")
    expect(page.get_by_text(operation, exact=True).filter(visible=True).first).to_be_visible()
    needed = [f"{r.resource_type} {r.url}" for r in off_host if r.resource_type != "image"]
    assert needed == []
    page.screenshot(path=SHOTS / f"api-docs{path.replace('/', '-')}.png")
    page.context.close()
