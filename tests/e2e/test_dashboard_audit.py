"""Every dashboard page in Debian's chromium at 1280 and 390 px: it never scrolls sideways, its
content is visible (nothing cut off at the viewport's edges outside a box that scrolls it, a
main region with text), it logs no console error, has no failed request (a missing
``/favicon.ico`` included) and no serious or critical axe-core violation (contrast among them).
At 390 px every page is photographed into ``docs/screenshots/dashboard-<page>-390.png``."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import SimServer
from tests.e2e.dashboard_support import (
    WIDTHS,
    Watch,
    axe_problems,
    cut_off,
    empty_main,
    load_pack,
    local_context,
    log_in_partner,
    log_in_trainer,
    make_calls,
    partner_pages,
    review_shot,
    sideways_overflow,
    too_wide,
)

pytestmark = pytest.mark.browser


def _audit(
    page: Page,
    url: str,
    name: str,
    expected: frozenset[int] = frozenset(),
    then: Callable[[Page], None] | None = None,
) -> list[str]:
    """Open ``url`` (then do ``then``, such as posting a form) and audit what is shown."""
    watch = Watch(set(expected)).attach(page)
    page.goto(url)
    if then is not None:
        then(page)
    expect(page.locator("h1")).to_be_visible()
    page.wait_for_load_state("networkidle")
    # A page with something provisioning reloads itself unless the user is typing; say we
    # are, so the audit (slow on a busy machine) reads one page, not the next.
    page.evaluate("document.dispatchEvent(new Event('input'))")
    found = [f"{name}: {problem}" for problem in watch.problems]
    overflow = sideways_overflow(page)
    if overflow > 0:
        found.append(f"{name}: {overflow} px wider than the viewport: {too_wide(page)}")
    found += [f"{name}: cut off at the viewport's edge: {e}" for e in cut_off(page)]
    if empty_main(page):
        found.append(f"{name}: no content in main")
    if page.viewport_size and page.viewport_size["width"] == WIDTHS["phone"][0]:
        review_shot(page, "dashboard-" + name.replace(" ", "-"))
    found += [f"{name}: {problem}" for problem in axe_problems(page)]
    page.remove_listener("console", watch._console)
    page.remove_listener("requestfailed", watch._failed)
    page.remove_listener("response", watch._response)
    return found


def _refused_subscriber(page: Page) -> None:
    page.get_by_label("Email", exact=True).fill("not-an-email")
    page.get_by_label("Phone number", exact=True).fill("12345")
    page.get_by_role("button", name="Add a subscriber").click()
    expect(page.locator(".refusal")).to_be_visible()


def _refused_plan(page: Page) -> None:
    page.get_by_label("Custom plan").fill('{"rules": [')
    page.get_by_role("button", name="Apply custom plan").click()
    expect(page.locator("#plan-excerpt")).to_be_visible()


@pytest.mark.slow
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_every_dashboard_page_passes_the_audit(
    browser: Browser, server: SimServer, width: str
) -> None:
    trainer = log_in_trainer(browser, server, width)
    load_pack(trainer)
    make_calls(server)  # the call log has rows, one of them faulted
    found: list[str] = []
    for name, path in (("partners", "/ui"), ("trainer", "/ui/trainer"), ("calls", "/ui/calls")):
        found += _audit(trainer, server.url + path, f"trainer {name}")
    partner = log_in_partner(browser, server, width)
    pages = partner_pages(partner, partner.url.rstrip("/"))
    for name, url in pages.items():
        found += _audit(partner, url, name)
    refused = frozenset({400})
    found += _audit(partner, pages["form-subscriber"], "refused form", refused, _refused_subscriber)
    found += _audit(trainer, f"{server.url}/ui/trainer", "refused plan", refused, _refused_plan)
    other = re.sub(r"/partners/\d+", "/partners/999", pages["overview"])
    found += _audit(partner, other, "not found", frozenset({404}))
    anonymous = local_context(browser, width).new_page()
    found += _audit(anonymous, f"{server.url}/ui", "login")
    found += _audit(anonymous, f"{server.url}/ui/trainer", "refused", frozenset({401}))
    for page in (trainer, partner, anonymous):
        page.context.close()
    assert found == []
