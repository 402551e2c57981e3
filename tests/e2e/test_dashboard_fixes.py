"""The dashboard fixes in Debian's chromium, checked as a user sees them: the call log reads one
line per call with short ids, copies a full id, filters, and names the partner of a faulted
call; the fault editor keeps a refused plan as typed with the cursor on the error and says the
active rules in words; the clock offset reads in days and hours; the chosen pack stays chosen
and is named in the confirmation. The call log is photographed at 1280 and 390 px into
``docs/screenshots``."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import SimServer
from tests.e2e.dashboard_support import (
    LONG_ID,
    WIDTHS,
    load_pack,
    log_in_partner,
    log_in_trainer,
    make_calls,
    open_controls,
    review_shot,
    sideways_overflow,
    too_wide,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def faulted_call(browser: Browser, server: SimServer) -> str:
    """The classroom pack and some API calls, one answered by a fault (its tracking id)."""
    trainer = log_in_trainer(browser, server)
    load_pack(trainer)
    trainer.context.close()
    return make_calls(server)


def _calls(browser: Browser, server: SimServer, width: str) -> Page:
    trainer = log_in_trainer(browser, server, width)
    trainer.get_by_role("navigation", name="Main").get_by_role("link", name="Call log").click()
    expect(trainer.get_by_role("heading", name="Call log")).to_be_visible()
    return trainer


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_call_log_reads_one_line_per_call(
    browser: Browser, server: SimServer, faulted_call: str, width: str
) -> None:
    page = _calls(browser, server, width)
    rows = page.locator("table.calls tbody tr")
    assert rows.count() >= 3
    assert sideways_overflow(page) <= 0, too_wide(page)
    if width == "desktop":
        line = page.locator("table.calls tbody td").first.evaluate(
            "cell => parseFloat(getComputedStyle(cell).lineHeight)"
        )
        for index in range(rows.count()):
            box = rows.nth(index).bounding_box()
            assert box and box["height"] < 2 * line + 20, f"row {index} wraps"
    long_call = page.locator("table.calls code.clip", has_text="/v1/wholesale/subscribers/")
    expect(long_call).to_have_attribute("title", f"GET /v1/wholesale/subscribers/{LONG_ID}")
    expect(long_call).not_to_contain_text(LONG_ID)
    copy = page.get_by_role("button", name=f"Copy tracking ID {faulted_call}")
    expect(copy).to_have_attribute("title", faulted_call)
    expect(copy).to_have_text(faulted_call[:12] + "…")
    faulted = page.locator("table.calls tbody tr", has=copy)
    expect(faulted.locator('[data-label="Partner"]')).to_have_text("northwind")
    expect(faulted.locator('[data-label="Fault"]')).to_contain_text("injected")
    review_shot(page, "call-log")
    page.context.close()


def test_a_tracking_id_is_copied_in_full(
    browser: Browser, server: SimServer, faulted_call: str
) -> None:
    page = _calls(browser, server, "desktop")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name=f"Copy tracking ID {faulted_call}").click()
    expect(page.locator("#copy-status")).to_have_text(f"Copied {faulted_call}")
    assert page.evaluate("navigator.clipboard.readText()") == faulted_call
    page.context.close()


def test_the_call_log_filters(browser: Browser, server: SimServer, faulted_call: str) -> None:
    page = _calls(browser, server, "desktop")
    page.get_by_label("Fault", exact=True).select_option("yes")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table.calls tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("503")
    page.get_by_label("Fault", exact=True).select_option("")
    page.get_by_label("Partner", exact=True).select_option("northwind")
    page.get_by_label("Method", exact=True).select_option("GET")
    page.get_by_label("Status", exact=True).select_option("2xx")
    page.get_by_label("Path contains", exact=True).fill("/customers")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(1)
    expect(rows.first.locator('[data-label="Call"]')).to_have_text("GET /v1/wholesale/customers")
    page.get_by_label("Path contains", exact=True).fill("/no-such-path")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("main")).to_contain_text("No calls match these filters.")
    expect(page.locator("table.calls")).to_have_count(0)
    expect(page.get_by_text("No API calls yet")).to_have_count(0)
    page.context.close()


def test_the_fault_editor_keeps_a_refused_plan_and_marks_the_error(
    browser: Browser, server: SimServer
) -> None:
    page = log_in_trainer(browser, server)
    open_controls(page)
    typed = '{"seed": 4,\n "rules": [\n  {"route": "/v1/*" "status": 503}]}'
    page.get_by_label("Custom plan").fill(typed)
    page.get_by_role("button", name="Apply custom plan").click()
    plan = page.get_by_label("Custom plan")
    expect(plan).to_have_value(typed)
    expect(plan).to_be_focused()
    expect(page.locator("#plan-excerpt")).to_contain_text('{"route": "/v1/*" "status": 503}]}')
    expect(page.locator("#plan-error")).to_contain_text("Line 3, column 21")
    at = plan.evaluate("area => area.selectionStart")
    assert typed[at:].startswith('"status"')
    page.get_by_role("button", name="Flaky network (429 + 503)").click()
    rules = page.locator("#trainer-fault-rules li")
    expect(rules).to_have_count(2)
    expect(rules.nth(0)).to_have_text(
        "POST /v1/wholesale/subscribers*: 20% of calls answered 429 (Retry-After 1 second)"
    )
    expect(page.locator("main")).not_to_contain_text("rule(s)")
    page.get_by_role("button", name="Faults off").click()
    expect(page.locator("#trainer-faults")).to_have_text("off")
    page.context.close()


def test_the_clock_offset_and_the_chosen_pack(browser: Browser, server: SimServer) -> None:
    questions: list[str] = []
    page = log_in_trainer(browser, server, asked=questions)
    load_pack(page, "smoke")
    assert any("load the pack smoke?" in q for q in questions), questions
    page.get_by_role("button", name="To month end (00:00 UTC on the 1st)").click()
    expect(page.get_by_label("Pack", exact=True)).to_have_value("smoke")
    expect(page.locator("#trainer-pack")).to_have_text("smoke")
    expect(page.locator("#trainer-offset")).to_have_text(
        re.compile(r"^\d+ days?( \d+ hours?)? (ahead of|behind) real time$")
    )
    page.context.close()


def test_the_overview_explains_its_billable_units(browser: Browser, server: SimServer) -> None:
    trainer = log_in_trainer(browser, server)
    load_pack(trainer)  # the classroom, whatever an earlier test loaded
    trainer.context.close()
    page = log_in_partner(browser, server)
    explained = page.locator("#units-explained")
    expect(explained).to_contain_text("rounded up")
    days = int(re.search(r"\((\d+) days?\)", explained.inner_text()).group(1))  # type: ignore[union-attr]
    packages = page.locator("details.units")
    assert packages.count() > 0
    for index in range(packages.count()):
        details = packages.nth(index)
        details.locator("summary").click()
        total = int(re.search(r"makes (\d+) units?", details.inner_text()).group(1))  # type: ignore[union-attr]
        lines = details.locator("li").all_inner_texts()
        units = []
        for line in lines:
            user_days, shown, made = re.findall(r"(\d+) user-days? ÷ (\d+) → (\d+)", line)[0]
            assert int(shown) == days and int(made) == -(-int(user_days) // days)
            units.append(int(made))
        assert sum(units) == total
    page.context.close()
