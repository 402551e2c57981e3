"""The dashboard's pages over the classroom pack: every page of every partner answers, the
overview counts what the API holds, pages refresh while something is provisioning, listings
page, and the trainer controls move the simulator."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from simulator.ui.controls import clock_target
from tests.html_tables import tables
from tests.simulator.support import ADMIN, bearer
from tests.simulator.ui_support import (
    Classroom,
    another_browser,
    dashboard_app,
    pager_text,
    problem_codes,
    table_rows,
)

PAGES = ("", "/customers", "/subscribers", "/locations", "/assist", "/billing")


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Classroom]:
    """The classroom pack, loaded from the dashboard."""
    with dashboard_app(tmp_path) as client:
        yield Classroom(client)


def _links(html: str, pattern: str) -> list[str]:
    return sorted(set(re.findall(rf'href="http://127.0.0.1:8080({pattern})"', html)))


def test_the_trainer_opens_every_page_of_every_partner(room: Classroom) -> None:
    assert set(room.ids) == {"northwind", "contoso", "fabrikam"}
    for name in room.ids:
        for page in PAGES:
            answer = room.trainer.get(room.base(name) + page)
            assert answer.status_code == 200, (name, page)
        customers = room.trainer.get(room.base(name) + "/customers").text
        for link in _links(customers, r"/ui/partners/\d+/customers/[^\"?/]+"):
            assert room.trainer.get(link).status_code == 200, link
        projects = room.trainer.get(room.base(name) + "/assist").text
        for link in _links(projects, r"/ui/partners/\d+/assist/[^\"?/]+"):
            assert room.trainer.get(link).status_code == 200, link
    for page in ("/ui", "/ui/trainer", "/ui/calls"):
        assert room.trainer.get(page).status_code == 200


def test_a_partner_opens_its_pages_and_forms(room: Classroom) -> None:
    base = room.base()
    for page in PAGES:
        assert room.partner.get(base + page).status_code == 200, page
    customer = room.customer_id("nw-harbor-dental")
    for form in (
        "/customers/new",
        f"/customers/{customer}/locations/new",
        f"/customers/{customer}/subscribers/new",
        f"/customers/{customer}/assist/new",
        "/assist-order",
        "/assist-readiness",
        "/billing/new",
    ):
        answer = room.partner.get(base + form)
        assert answer.status_code == 200, form
        labels = re.findall(r'<label for="([^"]+)"', answer.text)
        inputs = re.findall(r'<(?:input|select|textarea) id="([^"]+)"', answer.text)
        assert set(inputs) <= set(labels), form  # every field is labelled ...
        boxes = answer.text.count('type="checkbox"')
        assert boxes == answer.text.count('<label class="check"><input type="checkbox"'), form
        assert inputs or boxes, form


def _api_items(room: Classroom, path: str) -> list[dict[str, Any]]:
    answer = room.client.get(path, params={"max": 1000}, headers=room.api())
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def _phase_key(label: str) -> tuple[str, str]:
    """("STANDARD", "3") from "Standard · phase 3 of 8: Solution Design", ("EXPRESS",
    "completed") from "Express · completed"."""
    sku, rest = label.split(" · ", 1)
    phase = re.fullmatch(r"phase (\d+) of \d+: .+", rest)
    return sku.upper(), phase.group(1) if phase else rest


def test_the_overview_counts_what_the_api_holds(room: Classroom) -> None:
    page = room.partner.get(room.base()).text
    found = {t.section: t for t in tables(page)}
    customers = _api_items(room, "/v1/wholesale/customers")
    by_status = found["by-status"]
    shown = {row[0].split()[-1]: int(row[1]) for row in by_status.body}
    assert shown == dict(Counter(c["status"] for c in customers))
    assert set(shown) == {
        "provisioned",
        "provisioning",
        "provisioned_with_errors",
        "error",
        "updating",
        "deleting",
        "pending_rpl_review",
    }
    assert by_status.foot == [["Total", str(len(customers))]]
    subscribers = _api_items(room, "/v1/wholesale/subscribers")
    by_package = found["by-package"]
    packages = {row[0]: int(row[1]) for row in by_package.body}
    assert packages == dict(Counter(s["package"] for s in subscribers))
    assert by_package.foot == [["Total", str(len(subscribers))]]
    requests = _api_items(room, "/v1/wholesale/setupAssist/requests")
    phases = {_phase_key(row[0]): int(row[1]) for row in found["by-phase"].body}
    expected = Counter(
        (r["sku"], str(r["currentPhase"]) if r.get("currentPhase") else r["status"])
        for r in requests
    )
    assert phases == dict(expected)
    assert set(phases) == {
        ("STANDARD", "3"),
        ("STANDARD", "6"),
        ("STANDARD", "submitted"),
        ("EXPRESS", "1"),
        ("EXPRESS", "completed"),
    }
    month = found["month"]
    assert month.head == [["Package", "User-days", "Billable units"]]
    assert {row[0] for row in month.body} == set(packages)
    templates = page.split('id="provisioning-ids"', 1)[1].split("</p>", 1)[0]
    assert '<code class="id">ZjViMzYxODctYzhkZC00NzI3LThiMmYtZjljNDQ3ZjI5MDQ2</code>' in templates


def test_pages_refresh_while_something_is_provisioning(room: Classroom) -> None:
    assert 'data-refresh="3"' in room.partner.get(room.base() + "/customers").text
    room.advance_clock("hour")  # customers provision, the report completes, requests accepted
    for page in PAGES:
        assert "data-refresh" not in room.partner.get(room.base() + page).text, page


def test_listings_page_and_keep_their_filters(room: Classroom) -> None:
    page = room.partner.get(room.base() + "/subscribers").text
    assert table_rows(page) == 25
    assert pager_text(page) == "Showing 1–25 of 34 subscribers"
    following = re.search(r'rel="next" href="([^"]+)"', page)
    assert following
    second = room.partner.get(following.group(1).replace("&amp;", "&")).text
    assert table_rows(second) == 9
    assert pager_text(second) == "Showing 26–34 of 34 subscribers"
    provisioning = room.partner.get(room.base() + "/customers", status="provisioning").text
    assert table_rows(provisioning) == 1
    assert "nw-riverside-gym" in provisioning


def test_the_call_log_shows_a_partners_own_api_calls(room: Classroom) -> None:
    room.client.get("/v1/wholesale/customers", headers=room.api("northwind"))
    room.client.get("/v1/wholesale/subscribers", headers=room.api("contoso"))
    mine = room.partner.get("/ui/calls").text
    assert "GET /v1/wholesale/customers" in mine
    assert "/v1/wholesale/subscribers" not in mine
    everything = room.trainer.get("/ui/calls").text
    assert "GET /v1/wholesale/customers" in everything
    assert "GET /v1/wholesale/subscribers" in everything


def _clock(room: Classroom) -> datetime:
    now = room.client.get("/_sim/clock", headers=bearer(ADMIN)).json()["now"]
    return datetime.fromisoformat(now.replace("Z", "+00:00"))


def test_trainer_clock_steps(room: Classroom) -> None:
    start = _clock(room)
    room.advance_clock("hour")
    assert 3599 <= (_clock(room) - start).total_seconds() <= 3610
    room.advance_clock("business-day")
    assert _clock(room).date().isoformat() == "2026-11-17"
    room.advance_clock("month-end")
    assert _clock(room).replace(microsecond=0) >= datetime(2026, 12, 1, tzinfo=UTC)
    assert _clock(room) < datetime(2026, 12, 1, 0, 1, tzinfo=UTC)


def test_trainer_faults_and_transitions(room: Classroom) -> None:
    admin = bearer(ADMIN)
    page = room.trainer.post("/ui/trainer/faults", {"preset": "flaky-network"})
    assert "rule(s)" not in page.text
    assert (
        "Faults on: POST /v1/wholesale/subscribers*: 20% of calls answered 429"
        " (Retry-After 1 second); any method /v1/wholesale/*: 10% of calls answered 503"
        " (Retry-After 2 seconds)." in html.unescape(page.text)
    )
    assert len(room.client.get("/_sim/faults", headers=admin).json()["rules"]) == 2
    custom = '{"seed": 3, "rules": [{"route": "/v1/locations*", "status": 503, "rate": 1}]}'
    room.trainer.post("/ui/trainer/faults", {"preset": "custom", "plan": custom})
    assert room.client.get("/_sim/faults", headers=admin).json()["seed"] == 3
    broken = room.trainer.post("/ui/trainer/faults", {"preset": "custom", "plan": "{rules"})
    assert broken.status_code == 400
    assert problem_codes(broken.text) == ["api-invalid-request"]
    assert room.client.get("/_sim/faults", headers=admin).json()["seed"] == 3
    room.trainer.post("/ui/trainer/faults", {"preset": "off"})
    assert room.client.get("/_sim/faults", headers=admin).json()["rules"] == []
    room.trainer.post("/ui/trainer/transitions", {"mode": "manual", "delaySeconds": "0"})
    assert room.client.get("/_sim/transitions", headers=admin).json()["mode"] == "manual"
    wrong = room.trainer.post("/ui/trainer/transitions", {"mode": "sometimes"})
    assert wrong.status_code == 400


def test_trainer_scenario_errors_and_reset(room: Classroom) -> None:
    missing = room.trainer.post("/ui/trainer/scenario", {"scenario": "no-such-pack"})
    assert missing.status_code == 404
    assert problem_codes(missing.text) == ["api-not-found"]
    assert "northwind" in room.trainer.get("/ui").text
    reset = room.trainer.post("/ui/trainer/reset", {})
    assert reset.status_code == 200
    assert "No partners yet" in room.trainer.get("/ui").text
    assert room.trainer.get("/ui/trainer").status_code == 200  # the trainer is still logged in


def test_trainer_moves_a_customer_and_a_project_by_hand(room: Classroom) -> None:
    customer = room.customer_id("nw-riverside-gym")
    page = f"{room.base()}/customers/{customer}"
    moved = room.trainer.post(page + "/advance", {})
    assert moved.status_code == 303
    assert (
        'id="customer-status"><span class="badge badge-provisioned">' in room.trainer.get(page).text
    )
    projects = room.trainer.get(room.base() + "/assist", status="submitted").text
    found = re.search(r'href="http://127.0.0.1:8080([^"]+/assist/[^"]+)">nw-bayview', projects)
    assert found
    accepted = room.trainer.post(found.group(1) + "/advance", {"action": "accept"})
    assert accepted.status_code == 303
    assert "Standard · phase 1 of 8" in room.trainer.get(found.group(1)).text


def test_clock_target_uses_business_days_and_month_ends() -> None:
    wednesday = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)  # Thanksgiving is the 26th
    assert clock_target(wednesday, "business-day", "US").date().isoformat() == "2026-11-27"
    assert clock_target(wednesday, "business-day", "GB").date().isoformat() == "2026-11-26"
    friday = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
    assert clock_target(friday, "business-day", "US") == datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
    december = datetime(2026, 12, 31, 23, 0, tzinfo=UTC)
    assert clock_target(december, "month-end", "US") == datetime(2027, 1, 1, tzinfo=UTC)
    assert clock_target(friday, "hour", "US") == datetime(2026, 11, 27, 10, 30, tzinfo=UTC)


def test_a_bad_clock_step_is_refused_at_its_control(room: Classroom) -> None:
    answer = room.trainer.post("/ui/trainer/clock", {"step": "business-day", "country": "XX"})
    assert answer.status_code == 400
    assert problem_codes(answer.text) == ["api-invalid-request"]
    clock = answer.text.split('id="c-clock"', 1)[1].split("</section>", 1)[0]
    assert "api-invalid-request" in clock  # shown beside the clock control


def test_roles_narrow_what_a_partner_user_sees_and_does(room: Classroom) -> None:
    provisioner = another_browser(room.client)
    provisioner.login_partner("classroom-northwind-provisioner")
    assert provisioner.get(room.base() + "/customers").status_code == 200
    assert provisioner.get(room.base() + "/customers/new").status_code == 200
    billing = provisioner.get(room.base() + "/billing")
    assert billing.status_code == 403
    assert problem_codes(billing.text) == ["api-forbidden"]
    viewer = another_browser(room.client)
    viewer.login_partner("classroom-northwind-viewer")
    reports = viewer.get(room.base() + "/billing")
    assert reports.status_code == 200
    assert "Create a billing report" not in reports.text  # no link to a form it cannot use
    assert viewer.get(room.base() + "/billing/new").status_code == 403
    assert "Provision a customer" not in viewer.get(room.base() + "/customers").text
    assert "Provision a customer" in provisioner.get(room.base() + "/customers").text


def test_a_refused_fault_plan_is_kept_as_typed_with_its_error_marked(room: Classroom) -> None:
    typed = '{"seed": 9,\n "rules": [\n  {"route": "/v1/*" "status": 503}]}'
    broken = room.trainer.post("/ui/trainer/faults", {"preset": "custom", "plan": typed})
    assert broken.status_code == 400
    text = html.unescape(broken.text)
    area = re.search(r'<textarea id="plan"[^>]*>(.*?)</textarea>', text, re.S)
    assert area and area.group(1) == typed  # every character typed, nothing reformatted
    assert "Line 3, column 21 of what you typed" in text
    excerpt = re.search(r'<pre class="excerpt"[^>]*>(.*?)</pre>', text, re.S)
    assert excerpt
    line, marker = excerpt.group(1).split("\n")
    assert line.endswith('{"route": "/v1/*" "status": 503}]}')
    caret = re.sub(r"<[^>]+>", "", marker).index("^")
    assert re.sub(r"<[^>]+>", "", line)[caret] == '"'  # under the "status" key
    offset = re.search(r'data-error-offset="(\d+)"', text)
    assert offset and typed[int(offset.group(1))] == '"'
    wrong = '{"rules": [{"route": "/v1/*", "status": 42}]}'
    refused = html.unescape(room.trainer.post("/ui/trainer/faults", {"plan": wrong}).text)
    assert "rule 1, status: Input should be" in refused
    assert '"status": 42}]}</textarea>' in refused


def test_the_clock_offset_reads_in_days_and_hours(room: Classroom) -> None:
    room.trainer.post("/ui/trainer/clock", {"step": "month-end"})
    page = room.trainer.get("/ui/trainer").text
    found = re.search(r'id="trainer-offset">([^<]+)<', page)
    assert found
    assert re.fullmatch(r"\d+ days? (\d+ hours? )?(ahead of|behind) real time", found.group(1))
    assert " s from real time" not in page


def test_the_chosen_pack_stays_chosen_after_other_controls(room: Classroom) -> None:
    room.trainer.load("smoke")
    after = room.trainer.post("/ui/trainer/clock", {"step": "hour"}).text
    assert re.search(r'<option value="smoke" selected>', after)
    assert 'id="trainer-pack">smoke<' in after
    assert "load the pack {pack}?" in after  # the question names the pack chosen


def _call_rows(page: str) -> list[str]:
    return re.findall(r"<tr>\s*<td data-label=\"When\">.*?</tr>", page, re.S)


def test_call_log_filters_short_ids_and_faulted_partner(room: Classroom) -> None:
    admin = bearer(ADMIN)
    plan = {"seed": 1, "rules": [{"route": "/v1/wholesale/subscribers*", "status": 503}]}
    assert room.client.put("/_sim/faults", json=plan, headers=admin).status_code == 200
    faulted = room.client.get("/v1/wholesale/subscribers", headers=room.api("northwind"))
    assert faulted.status_code == 503
    room.client.get("/v1/wholesale/customers", headers=room.api("contoso"))
    room.client.put("/_sim/faults", json={"rules": []}, headers=admin)
    rows = _call_rows(room.trainer.get("/ui/calls", fault="yes").text)
    assert len(rows) == 1
    assert 'Partner">northwind<' in rows[0]  # the partner is named on a faulted call
    tracking = faulted.headers["TrackingID"]
    assert f'data-copy="{tracking}"' in rows[0] and f'title="{tracking}"' in rows[0]
    assert f">{tracking}<" not in rows[0]  # shown short
    by_path = _call_rows(room.trainer.get("/ui/calls?path=/subscribers").text)
    assert by_path and all("/subscribers" in row for row in by_path)
    only_5xx = _call_rows(room.trainer.get("/ui/calls", status="5xx", method="GET").text)
    assert len(only_5xx) == 1 and "/v1/wholesale/subscribers" in only_5xx[0]
    contoso = _call_rows(room.trainer.get("/ui/calls", partner="contoso").text)
    assert contoso and all('Partner">contoso<' in row for row in contoso)
    none = room.trainer.get("/ui/calls?path=/nothing-like-this").text
    assert none.count("No calls match these filters") == 1
    assert "Showing" not in none


def test_billing_downloads_are_named_for_what_they_hold(room: Classroom) -> None:
    body = {"billingStartDate": "2026-10-01", "billingEndDate": "2026-10-31", "type": "PARTNER"}
    created = room.client.post("/v1/wholesale/billing/reports", json=body, headers=room.api())
    assert created.status_code in (200, 201, 202), created.text
    room.advance_clock("hour")
    page = html.unescape(room.partner.get(room.base() + "/billing").text)
    link = re.search(r'<a class="download" href="([^"]+)" download="([^"]+)">([^<]+)</a>', page)
    assert link
    assert link.group(2) == "billing-partner-2026-10-01-2026-10-31.csv"
    assert link.group(3) == "Download the partner report, 2026-10-01 to 2026-10-31 (CSV)"
    saved = room.client.get(link.group(1))
    assert saved.status_code == 200
    disposition = saved.headers["content-disposition"]
    assert disposition == 'attachment; filename="billing-partner-2026-10-01-2026-10-31.csv"'


def test_the_overview_units_add_up_by_hand(room: Classroom) -> None:
    page = html.unescape(room.partner.get(room.base()).text)
    days = int(re.search(r"\((\d+) days?\), as the billing report", page).group(1))  # type: ignore[union-attr]
    blocks = re.findall(r'<details class="units">(.*?)</details>', page, re.S)
    assert blocks
    for block in blocks:
        total = int(re.search(r"makes (\d+) units?", block).group(1))  # type: ignore[union-attr]
        lines = re.findall(r"(\d+) user-days? ÷ (\d+) → (\d+) units?", block)
        assert lines
        for user_days, shown_days, units in lines:
            assert int(shown_days) == days
            assert int(units) == -(-int(user_days) // days)  # rounded up per customer
        assert sum(int(units) for *_, units in lines) == total
        assert f"= {total}</p>" in block


def test_partner_tasks_are_the_partners_and_durations_are_counted(room: Classroom) -> None:
    projects = room.trainer.get(room.base() + "/assist").text
    found = re.search(r'href="http://127.0.0.1:8080([^"]+/assist/[^"]+)">nw-harbor', projects)
    assert found
    room.trainer.post(found.group(1) + "/advance", {"action": "phase"})
    page = html.unescape(room.partner.get(found.group(1)).text)
    partner_side = re.findall(r'<section class="side side-partner">(.*?)</section>', page, re.S)
    done = [side for side in partner_side if "done by" in side]
    assert done
    assert all("Setup Assist team" not in side for side in done)
    assert "done by northwind (marked by the trainer)" in " ".join(done)
    assert "Standard" in page  # its last phase takes one business day, said in the singular
    assert "about 1 business day\n" in page or "about 1 business day<" in page
    assert "about 1 business days" not in page
    assert "about 2 business days" in page


def test_a_favicon_is_served(room: Classroom) -> None:
    icon = room.client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert 'rel="icon"' in room.partner.get(room.base()).text


def test_trainer_approves_a_customer_held_for_review(room: Classroom) -> None:
    customer = room.customer_id("nw-quarry-labs")
    page = f"{room.base()}/customers/{customer}"
    assert "Trainer: approve the review" in room.trainer.get(page).text
    assert "Trainer: approve the review" not in room.partner.get(page).text
    assert room.trainer.post(page + "/review", {"decision": "approve"}).status_code == 303
    shown = room.trainer.get(page).text
    assert 'id="customer-status"><span class="badge badge-provisioned">' in shown
    assert "Trainer: approve the review" not in shown
