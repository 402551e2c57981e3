"""The partner portal's manual forms: they provision through the API's backends, and a refusal
shows the API's own catalogue code and message beside the field at fault."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bulk.rules.packages import SUBSCRIBER_PACKAGES
from tests.html_tables import list_items, tables
from tests.simulator.ui_support import Classroom, dashboard_app, field_codes, problem_codes


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Classroom]:
    """The classroom pack, loaded from the dashboard."""
    with dashboard_app(tmp_path) as client:
        yield Classroom(client)


def _customer_form(**changes: str | list[str]) -> dict[str, Any]:
    form: dict[str, Any] = {
        "externalId": "nw-new-bistro",
        "customerInfo.name": "New Bistro",
        "customerInfo.primaryEmail": "chef@new-bistro.example",
        "customerInfo.language": "en_US",
        "address.addressLine1": "10 Pike Street",
        "address.city": "Seattle",
        "address.stateOrProvince": "WA",
        "address.zipOrPostalCode": "98101",
        "address.country": "US",
        "packages": ["webex_calling", "webex_meetings"],
        "location.name": "Kitchen",
        "location.timezone": "America/Los_Angeles",
        "location.language": "en_us",
        "provisioningId": "ZjViMzYxODctYzhkZC00NzI3LThiMmYtZjljNDQ3ZjI5MDQ2",
    }
    form.update(changes)
    return form


def test_a_customer_provisioned_by_form_becomes_provisioned_with_the_clock(
    room: Classroom,
) -> None:
    base = room.base()
    answer = room.partner.post(f"{base}/customers", _customer_form(), page=f"{base}/customers/new")
    assert answer.status_code == 303, answer.text
    page = room.partner.get(answer.headers["location"]).text
    assert "nw-new-bistro" in page
    assert 'id="customer-status"><span class="badge badge-provisioning">' in page
    assert "data-refresh" in page  # it refreshes itself while provisioning
    room.advance_clock("hour")
    page = room.partner.get(answer.headers["location"]).text
    assert 'id="customer-status"><span class="badge badge-provisioned">' in page
    (locations,) = [t for t in tables(page) if t.head and t.head[0][:2] == ["Name", "City"]]
    assert [row[:2] for row in locations.body] == [["Kitchen", "Seattle"]]  # came with provisioning
    history = page.split('id="history"', 1)[1].split("</section>", 1)[0]
    changes = [text.split()[1] for _, text in list_items(history)]
    assert changes[:1] == ["provisioning"] and changes[-1] == "provisioned", changes


def test_a_refused_customer_is_explained_at_each_field(room: Classroom) -> None:
    base = room.base()
    changes: dict[str, str | list[str]] = {
        "customerInfo.name": "50% Off Bistro",
        "customerInfo.primaryEmail": "not-an-email",
        "address.country": "ZZ",
        "packages": ["attendant_console"],
    }
    bad = _customer_form(**changes)
    answer = room.partner.post(f"{base}/customers", bad)
    assert answer.status_code == 400
    page = answer.text
    assert field_codes(page, "customerInfo.name") == ["cell-forbidden-character"]
    assert field_codes(page, "customerInfo.primaryEmail") == ["cell-invalid-email"]
    assert field_codes(page, "address.country") == ["cell-invalid-country"]
    assert field_codes(page, "packages") == ["package-dependency"]
    assert 'value="50% Off Bistro"' in page  # what was typed is kept
    assert (
        "nw-new-bistro"
        not in room.client.get(
            "/v1/wholesale/customers", params={"externalId": "nw-new-bistro"}, headers=room.api()
        ).text
    )


def test_empty_required_fields_are_named(room: Classroom) -> None:
    answer = room.partner.post(f"{room.base()}/customers", {"externalId": ""})
    assert answer.status_code == 400
    # The API's words for a missing field, not the workbook's "cell-required".
    assert field_codes(answer.text, "externalId") == ["api-invalid-request"]
    assert field_codes(answer.text, "address.city") == ["api-invalid-request"]
    assert "External ID: Field required" in answer.text
    assert "cell-required" not in answer.text


def test_a_duplicate_customer_is_the_api_conflict(room: Classroom) -> None:
    answer = room.partner.post(
        f"{room.base()}/customers", _customer_form(externalId="nw-harbor-dental")
    )
    assert answer.status_code == 409
    assert problem_codes(answer.text) == ["api-conflict"]
    assert "already exists" in answer.text


def _subscriber_form(**changes: str) -> dict[str, str]:
    form = {
        "email": "new.hire@harbor-dental.example",
        "firstName": "New",
        "lastName": "Hire",
        "package": "webex_meetings",
        "locationId": "",
        "primaryPhoneNumber": "",
        "extension": "",
    }
    form.update(changes)
    return form


def test_a_subscriber_added_by_form(room: Classroom) -> None:
    customer = room.customer_id("nw-harbor-dental")
    path = f"{room.base()}/customers/{customer}/subscribers"
    answer = room.partner.post(path, _subscriber_form())
    assert answer.status_code == 303, answer.text
    listing = room.partner.get(answer.headers["location"]).text
    assert "new.hire@harbor-dental.example" in listing


def test_a_refused_subscriber_shows_the_same_code_and_message_as_the_api(
    room: Classroom,
) -> None:
    customer = room.customer_id("nw-harbor-dental")
    path = f"{room.base()}/customers/{customer}/subscribers"
    answer = room.partner.post(path, _subscriber_form(package="webex_suite"))
    assert answer.status_code == 400
    assert field_codes(answer.text, "package") == ["package-not-on-customer"]
    api = room.client.post(
        "/v1/wholesale/subscribers",
        json={
            "customerId": customer,
            "email": "new.hire@harbor-dental.example",
            "packages": ["webex_suite"],
            "provisioningParameters": {"firstName": "New", "lastName": "Hire"},
        },
        headers=room.api(),
    )
    assert api.status_code == 400
    error = api.json()["errors"][0]
    assert error["code"] == "package-not-on-customer"
    assert error["description"] in answer.text.replace("&#39;", "'")


def test_the_subscriber_form_offers_only_the_customers_packages(room: Classroom) -> None:
    customer = room.customer_id("nw-harbor-dental")
    held = room.client.get(f"/v1/wholesale/customers/{customer}", headers=room.api()).json()
    form = room.partner.get(f"{room.base()}/customers/{customer}/subscribers/new").text
    select = re.search(r'<select id="f-package".*?</select>', form, re.S)
    assert select
    offered = [v for v in re.findall(r'<option value="([^"]*)"', select.group(0)) if v]
    assert offered and set(offered) <= set(held["packages"])
    assert len(offered) < len(SUBSCRIBER_PACKAGES)


def test_every_subscriber_problem_is_reported_at_once(room: Classroom) -> None:
    customer = room.customer_id("nw-harbor-dental")
    path = f"{room.base()}/customers/{customer}/subscribers"
    form = _subscriber_form(
        email="not-an-email", lastName="", primaryPhoneNumber="12345", extension="1"
    )
    answer = room.partner.post(path, form)
    assert answer.status_code == 400
    assert field_codes(answer.text, "email") == ["cell-invalid-email"]
    assert field_codes(answer.text, "lastName") == []  # optional, as in the reference
    assert field_codes(answer.text, "primaryPhoneNumber") == ["cell-invalid-phone"]
    assert field_codes(answer.text, "extension") == ["cell-invalid-extension"]
    assert "formatted as text" not in answer.text


def test_an_added_subscriber_is_confirmed(room: Classroom) -> None:
    customer = room.customer_id("nw-harbor-dental")
    path = f"{room.base()}/customers/{customer}/subscribers"
    answer = room.partner.post(path, _subscriber_form())
    listing = room.partner.get(answer.headers["location"]).text
    assert (
        '<p class="notice" role="status" id="flash">Subscriber new.hire@harbor-dental.example'
        " added to customer nw-harbor-dental with webex_meetings.</p>" in listing
    )
    assert 'id="flash"' not in room.partner.get(answer.headers["location"]).text  # said once


def test_country_and_time_zone_are_choices(room: Classroom) -> None:
    page = room.partner.get(f"{room.base()}/customers/new").text
    for name in ("address.country", "location.timezone"):
        fid = "f-" + name.replace(".", "-")
        assert f'<select id="{fid}" name="{name}"' in page
    assert '<option value="GB">GB — United Kingdom</option>' in page
    assert '<option value="Europe/London">Europe/London</option>' in page


def test_refused_numbers_and_a_calling_user_without_location(room: Classroom) -> None:
    customer = room.customer_id("nw-harbor-dental")
    path = f"{room.base()}/customers/{customer}/subscribers"
    numbers = room.partner.post(path, _subscriber_form(primaryPhoneNumber="12345", extension="1"))
    assert field_codes(numbers.text, "primaryPhoneNumber") == ["cell-invalid-phone"]
    assert field_codes(numbers.text, "extension") == ["cell-invalid-extension"]
    calling = room.partner.post(path, _subscriber_form(package="webex_calling"))
    assert calling.status_code == 400
    assert field_codes(calling.text, "locationId") == ["calling-location-required"]
    assert field_codes(calling.text, "primaryPhoneNumber") == ["calling-number-required"]


def test_a_location_added_by_form(room: Classroom) -> None:
    customer = room.customer_id("nw-harbor-dental")
    path = f"{room.base()}/customers/{customer}/locations"
    form = {
        "name": "Annex",
        "timeZone": "Mars/Olympus",
        "preferredLanguage": "en_us",
        "address.address1": "1 Annex Road",
        "address.city": "Seattle",
        "address.state": "WA",
        "address.postalCode": "98101",
        "address.country": "US",
    }
    refused = room.partner.post(path, form)
    assert refused.status_code == 400
    assert field_codes(refused.text, "timeZone") == ["cell-invalid-timezone"]
    accepted = room.partner.post(path, {**form, "timeZone": "America/Los_Angeles"})
    assert accepted.status_code == 303, accepted.text
    assert "Annex" in room.partner.get(accepted.headers["location"]).text


def _location_id(room: Classroom, customer: str, name: str) -> str:
    page = room.partner.get(f"{room.base()}/customers/{customer}/assist/new").text
    found = re.search(rf'<option value="([^"]+)"[^>]*>{re.escape(name)} \(', page)
    assert found, page
    return found.group(1)


def test_a_setup_assist_request_on_either_side_of_the_deadline(room: Classroom) -> None:
    customer = room.customer_id("nw-lakeside-cafe")
    path = f"{room.base()}/customers/{customer}/assist"
    # Lakeside Cafe's one location already has a request: add a second location with seats.
    location_form = {
        "name": "Pier Kiosk",
        "timeZone": "America/Los_Angeles",
        "preferredLanguage": "en_us",
        "address.address1": "1 Pier Road",
        "address.city": "Portland",
        "address.state": "OR",
        "address.postalCode": "97204",
        "address.country": "US",
    }
    added = room.partner.post(f"{room.base()}/customers/{customer}/locations", location_form)
    assert added.status_code == 303
    kiosk = _location_id(room, customer, "Pier Kiosk")
    subscriber = _subscriber_form(
        email="kiosk@lakeside-cafe.example", package="webex_calling", locationId=kiosk
    )
    subscriber["extension"] = "77"
    answer = room.partner.post(f"{room.base()}/customers/{customer}/subscribers", subscriber)
    assert answer.status_code == 303, answer.text
    form = {
        "locationId": kiosk,
        "requestedCompletionDate": "2026-11-23",
        "contact.name": "Ian Ito",
        "contact.email": "ian.ito@lakeside-cafe.example",
        "channel": "form",
        "networkCheckDone": "on",
    }
    early = room.partner.post(path, form)
    assert early.status_code == 400, early.text
    assert field_codes(early.text, "requestedCompletionDate") == ["assist-deadline"]
    assert "2026-11-24" in early.text  # the earliest acceptable date is named
    accepted = room.partner.post(path, {**form, "requestedCompletionDate": "2026-11-24"})
    assert accepted.status_code == 303, accepted.text
    project = room.partner.get(accepted.headers["location"]).text
    assert "Express project" in project
    duplicate = room.partner.post(path, {**form, "requestedCompletionDate": "2026-11-30"})
    assert field_codes(duplicate.text, "locationId") == ["assist-duplicate"]


def test_a_partner_without_a_wholesale_is_refused_then_orders_it(room: Classroom) -> None:
    fabrikam = room.as_partner("fabrikam")
    base = room.base("fabrikam")
    customer = room.customer_id("fb-coastal-realty", "fabrikam")
    page = fabrikam.get(f"{base}/customers/{customer}/assist/new").text
    location = re.search(r'<option value="([^"]+)"', page)
    assert location
    form = {
        "locationId": location.group(1),
        "requestedCompletionDate": "2027-01-29",
        "contact.name": "Ava Adams",
        "contact.email": "ava.adams@coastal-realty.example",
    }
    refused = fabrikam.post(f"{base}/customers/{customer}/assist", form, page=base)
    assert problem_codes(refused.text) == ["assist-not-entitled"]
    ordered = fabrikam.post(f"{base}/assist-order", {"orderNumber": "CCW-FB-1", "quantity": "1"})
    assert ordered.status_code == 303
    again = fabrikam.post(f"{base}/assist-order", {"orderNumber": "CCW-FB-2", "quantity": "1"})
    assert problem_codes(again.text) == ["a-wholesale-quantity"]
    not_ready = fabrikam.post(f"{base}/customers/{customer}/assist", form)
    assert problem_codes(not_ready.text) == ["assist-partner-not-ready"]
    ready = {"pstnConnectivity": "on", "hostingRequirements": "on", "ossBss": "on"}
    assert fabrikam.post(f"{base}/assist-readiness", ready).status_code == 303
    submitted = fabrikam.post(f"{base}/customers/{customer}/assist", form)
    assert submitted.status_code == 303, submitted.text


def test_completing_the_partner_tasks_moves_the_phase(room: Classroom) -> None:
    listing = room.partner.get(f"{room.base()}/assist").text
    found = re.search(r'href="([^"]+/assist/[^"]+)">nw-harbor-dental', listing)
    assert found
    project = found.group(1)
    page = room.partner.get(project).text
    assert "Standard · phase 3 of 8" in page
    assert "Waiting on: <strong>partner</strong>" in page
    tasks = re.findall(
        r'name="phase" value="3"><input type="hidden" name="task" value="([^"]+)"', page
    )
    assert tasks
    for task in tasks:
        done = room.partner.post(
            project.replace("http://127.0.0.1:8080", "") + "/tasks",
            {"phase": "3", "task": task},
        )
        assert done.status_code == 303, done.text
    page = room.partner.get(project).text
    assert "Standard · phase 4 of 8" in page
    assert 'class="phase phase-completed" id="phase-3"' in page
    assert 'class="phase phase-in-progress" id="phase-4"' in page


def test_a_task_of_another_phase_is_refused(room: Classroom) -> None:
    listing = room.partner.get(f"{room.base()}/assist").text
    found = re.search(r'href="http://127.0.0.1:8080([^"]+/assist/[^"]+)">nw-harbor-dental', listing)
    assert found
    answer = room.partner.post(found.group(1) + "/tasks", {"phase": "5", "task": "p5-partner-1"})
    assert answer.status_code == 409
    assert problem_codes(answer.text) == ["api-conflict"]


def _reports(page: str) -> dict[tuple[str, str], list[str]]:
    """(period, type) -> the other cells of the billing page's report table."""
    (table,) = [t for t in tables(page) if t.head and t.head[0][:2] == ["Period", "Type"]]
    return {(row[0], row[1]): row[2:] for row in table.body}


def test_a_billing_report_by_form_completes_and_downloads(room: Classroom) -> None:
    base = room.base()
    form = {"billingStartDate": "2026-10-01", "billingEndDate": "2026-10-31", "type": "USER"}
    answer = room.partner.post(f"{base}/billing", form)
    assert answer.status_code == 303, answer.text
    reports = _reports(room.partner.get(f"{base}/billing").text)
    assert reports[("2026-10-01 to 2026-10-31", "USER")][0] == "… IN_PROGRESS"
    overlap = room.partner.post(f"{base}/billing", form)
    assert field_codes(overlap.text, "billingStartDate") == ["billing-period-duplicate"]
    future = room.partner.post(f"{base}/billing", {**form, "billingEndDate": "2026-12-31"})
    assert field_codes(future.text, "billingStartDate") == ["billing-period-invalid"]
    room.advance_clock("hour")
    page = room.partner.get(f"{base}/billing").text
    reports = _reports(page)
    assert set(reports) == {  # this report and the pack's 1-15 November one
        ("2026-10-01 to 2026-10-31", "USER"),
        ("2026-11-01 to 2026-11-15", "CUSTOMER"),
    }
    assert reports[("2026-10-01 to 2026-10-31", "USER")][0] == "✓ COMPLETED"
    links = re.findall(r'class="download" href="([^"]+)"', page)
    assert len(links) == 2
    csv = room.client.get(html.unescape(links[0]))  # the newest: October's USER report
    assert csv.status_code == 200
    rows = csv.text.splitlines()
    assert rows[0].startswith("line_type,customer_id")
    assert rows[1:] == []  # the classroom's subscribers arrived in November: no October line
