"""Billing reports: the behaviours the mutation run of ``simulator/billing/`` found untested
(docs/testing.md). Expected values are written out from docs/billing.md, docs/simulator.md,
docs/dashboard.md and docs/errors.md."""

from __future__ import annotations

import base64
import csv
import io
from typing import Any

import pytest

from tests.simulator.support import FrozenTime, Sim, assert_webex_error, subscriber_body

URL = "/v1/wholesale/billing/reports"
JANUARY = {"billingStartDate": "2026-01-01", "billingEndDate": "2026-01-31"}
LINK_INVALID = (
    "This download link is invalid or has expired; get the report again for a fresh "
    "tempDownloadURL."
)


def _january_usage(sim: Sim, headers: dict[str, str], external_id: str, email: str) -> None:
    """One customer with one meetings subscriber all January; the clock ends on 2026-02-05."""
    sim.set_clock("2026-01-01T09:00:00Z")
    customer = sim.customer(headers, external_id)
    answer = sim.client.post(
        "/v1/wholesale/subscribers", json=subscriber_body(customer["id"], email), headers=headers
    )
    assert answer.status_code == 200, answer.text
    sim.set_clock("2026-02-05T09:00:00Z")


def _create(sim: Sim, headers: dict[str, str], body: dict[str, Any]) -> str:
    answer = sim.client.post(URL, json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["id"])


def _report(sim: Sim, headers: dict[str, str], report_id: str) -> dict[str, Any]:
    answer = sim.client.get(f"{URL}/{report_id}", headers=headers)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _rows(sim: Sim, link: str) -> list[dict[str, str]]:
    answer = sim.client.get(link)
    assert answer.status_code == 200, answer.text
    return list(csv.DictReader(io.StringIO(answer.text)))


def _assert_link_refused(answer: Any) -> None:
    """Exactly the invalid-link answer of docs/simulator.md and docs/errors.md (7009, 403)."""
    body = assert_webex_error(answer, 403, "api-download-link-invalid")
    assert body["message"] == LINK_INVALID
    assert body["errors"] == [
        {"errorCode": 7009, "code": "api-download-link-invalid", "description": LINK_INVALID}
    ]


def _assert_report_error(
    body: dict[str, Any], number: int, code: str, message: str, field: str
) -> None:
    """The billing API's ``ReportError`` shape of docs/simulator.md, in full."""
    assert body["message"] == message
    assert body["errors"] == [
        {"code": number, "description": message, "catalogueCode": code, "field": field}
    ]


def _query(link: str) -> tuple[str, dict[str, str]]:
    path, _, query = link.partition("?")
    return path, dict(part.split("=", 1) for part in query.split("&"))


@pytest.mark.parametrize(
    "exp",
    ["²", "١٧٧٠٢٨٥٦٠٠", "１７７０２８５６００", "", "-1", "+1770285600", " 1770285600", "9" * 5000],
)
def test_a_malformed_exp_is_the_invalid_link_answer_not_a_server_error(sim: Sim, exp: str) -> None:
    headers = sim.token()
    sim.set_clock("2026-02-05T09:00:00Z")
    report_id = _create(sim, headers, JANUARY)
    answer = sim.client.get(f"/_files/reports/{report_id}.csv", params={"exp": exp, "sig": "x"})
    _assert_link_refused(answer)


def test_a_non_ascii_signature_is_the_invalid_link_answer(sim: Sim) -> None:
    headers = sim.token()
    sim.set_clock("2026-02-05T09:00:00Z")
    report_id = _create(sim, headers, JANUARY)
    path, query = _query(_report(sim, headers, report_id)["tempDownloadURL"])
    _assert_link_refused(sim.client.get(path, params={"exp": query["exp"], "sig": "²" * 64}))
    assert sim.client.get(path, params=query).status_code == 200


def test_the_signature_covers_the_expiry_and_the_report(sim: Sim) -> None:
    headers = sim.token()
    _january_usage(sim, headers, "ext-1", "alice@acme.example")
    first = _create(sim, headers, JANUARY)
    second = _create(sim, headers, {**JANUARY, "type": "USER"})
    path, query = _query(_report(sim, headers, first)["tempDownloadURL"])
    assert path.endswith(f"/_files/reports/{first}.csv")
    later = {**query, "exp": str(int(query["exp"]) + 3600)}
    _assert_link_refused(sim.client.get(path, params=later))
    earlier = {**query, "exp": str(int(query["exp"]) - 1)}
    _assert_link_refused(sim.client.get(path, params=earlier))
    other = path.replace(first, second)
    _assert_link_refused(sim.client.get(other, params=query))
    assert sim.client.get(path, params=query).status_code == 200


def test_a_link_works_to_its_expiry_second_and_not_after(sim: Sim, frozen_time: FrozenTime) -> None:
    headers = sim.token()
    sim.set_clock("2026-02-05T09:00:00Z")
    report_id = _create(sim, headers, JANUARY)
    link = _report(sim, headers, report_id)["tempDownloadURL"]
    # One hour of simulator time: 2026-02-05T10:00:00Z is 1,770,285,600 epoch seconds.
    assert _query(link)[1]["exp"] == "1770285600"
    sim.set_clock("2026-02-05T10:00:00Z")
    assert sim.client.get(link).status_code == 200
    sim.set_clock("2026-02-05T10:00:01Z")
    _assert_link_refused(sim.client.get(link))


def test_a_deleted_reports_link_is_refused(sim: Sim) -> None:
    headers = sim.token()
    sim.set_clock("2026-02-05T09:00:00Z")
    report_id = _create(sim, headers, JANUARY)
    link = _report(sim, headers, report_id)["tempDownloadURL"]
    assert sim.client.delete(f"{URL}/{report_id}", headers=headers).status_code == 204
    _assert_link_refused(sim.client.get(link))


def test_the_download_is_saved_under_its_documented_name(sim: Sim) -> None:
    headers = sim.token()
    sim.set_clock("2026-02-05T09:00:00Z")
    names = {
        "billing-partner-2026-01-01-2026-01-31.csv": _create(sim, headers, JANUARY),
        "billing-user-2026-01-03-2026-01-09.csv": _create(
            sim,
            headers,
            {"billingStartDate": "2026-01-03", "billingEndDate": "2026-01-09", "type": "USER"},
        ),
    }
    for name, report_id in names.items():
        answer = sim.client.get(_report(sim, headers, report_id)["tempDownloadURL"])
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-disposition"] == f'attachment; filename="{name}"'


def test_every_usage_line_carries_the_report_period(sim: Sim) -> None:
    headers = sim.token()
    _january_usage(sim, headers, "ext-1", "alice@acme.example")
    period = {"billingStartDate": "2026-01-02", "billingEndDate": "2026-01-30"}
    for kind in ("PARTNER", "CUSTOMER", "USER"):
        report = _report(sim, headers, _create(sim, headers, {**period, "type": kind}))
        rows = _rows(sim, report["tempDownloadURL"])
        assert [(r["line_type"], r["start_date"], r["end_date"], r["user_days"]) for r in rows] == [
            ("usage", "2026-01-02", "2026-01-30", "29")
        ], kind


def test_another_partners_usage_and_reports_stay_out(sim: Sim) -> None:
    acme = sim.token("acme")
    globex = sim.token("globex")
    _january_usage(sim, globex, "ext-globex", "gus@globex.example")
    _january_usage(sim, acme, "ext-acme", "alice@acme.example")
    _create(sim, globex, {**JANUARY, "type": "CUSTOMER"})
    # globex's January report does not block acme's: each partner's reports are its own.
    report = _report(sim, acme, _create(sim, acme, {**JANUARY, "type": "CUSTOMER"}))
    rows = _rows(sim, report["tempDownloadURL"])
    assert [(r["external_customer_id"], r["user_days"]) for r in rows] == [("ext-acme", "31")]
    partner = _report(sim, acme, _create(sim, acme, JANUARY))
    assert [r["user_days"] for r in _rows(sim, partner["tempDownloadURL"])] == ["31"]
    assert_webex_error(
        sim.client.get(f"{URL}/{report['id']}", headers=globex), 404, ("billing-report-not-found")
    )
    assert_webex_error(
        sim.client.delete(f"{URL}/{report['id']}", headers=globex), 404, "billing-report-not-found"
    )
    listed = sim.client.get(URL, headers=acme).json()["items"]
    assert sorted(r["id"] for r in listed) == sorted([report["id"], partner["id"]])


def _sub_partner(sim: Sim, name: str) -> str:
    answer = sim.client.post(
        "/_sim/subPartners", json={"partner": "acme", "name": name}, headers=sim.admin
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["orgId"])


def test_overlap_is_checked_within_one_scope_only(sim: Sim) -> None:
    east, west = _sub_partner(sim, "East"), _sub_partner(sim, "West")
    headers = sim.token()
    sim.set_clock("2026-02-05T09:00:00Z")
    whole = _create(sim, headers, JANUARY)
    # A sub-partner's report covers that sub-partner's customers only (docs/billing.md), so
    # it neither overlaps the whole partner's report nor another sub-partner's.
    _create(sim, headers, {**JANUARY, "subPartnerOrgId": east})
    _create(sim, headers, {**JANUARY, "subPartnerOrgId": west})
    for scope, existing in ((east, None), (None, whole)):
        body = {"billingStartDate": "2026-01-10", "billingEndDate": "2026-01-20"}
        if scope:
            body["subPartnerOrgId"] = scope
        answer = assert_webex_error(
            sim.client.post(URL, json=body, headers=headers), 409, "billing-period-duplicate"
        )
        if existing:
            message = f"A PARTNER report for 2026-01-10 to 2026-01-20 already exists ({existing})."
            _assert_report_error(answer, 6002, "billing-period-duplicate", message, "period")


def test_a_report_carries_error_7007_only_when_it_failed(sim: Sim) -> None:
    headers = sim.token()
    sim.set_clock("2026-02-05T09:00:00Z")
    completed = _report(sim, headers, _create(sim, headers, JANUARY))
    assert completed["status"] == "COMPLETED" and "errors" not in completed
    plan = {"seed": 3, "rules": [{"method": "POST", "route": URL, "outcome": "FAILED"}]}
    assert sim.client.put("/_sim/faults", json=plan, headers=sim.admin).status_code == 200
    failed = _report(sim, headers, _create(sim, headers, {**JANUARY, "type": "USER"}))
    assert failed["status"] == "FAILED" and [e["code"] for e in failed["errors"]] == [7007]
    assert "tempDownloadURL" not in failed
    sim.client.put("/_sim/faults", json={"seed": 0, "rules": []}, headers=sim.admin)
    sim.transitions("manual")
    pending = _report(sim, headers, _create(sim, headers, {**JANUARY, "type": "CUSTOMER"}))
    assert pending["status"] == "IN_PROGRESS" and "errors" not in pending


def _three_reports(sim: Sim, headers: dict[str, str]) -> dict[str, str]:
    """A COMPLETED partner report of Jan 10-20, a FAILED customer one of Jan 1 - Feb 28 and an
    IN_PROGRESS user one of Jan 5-15: every sort key orders them differently."""
    sim.set_clock("2026-03-05T09:00:00Z")
    made = {
        "completed": _create(
            sim, headers, {"billingStartDate": "2026-01-10", "billingEndDate": "2026-01-20"}
        )
    }
    plan = {"seed": 3, "rules": [{"method": "POST", "route": URL, "outcome": "FAILED"}]}
    assert sim.client.put("/_sim/faults", json=plan, headers=sim.admin).status_code == 200
    made["failed"] = _create(
        sim,
        headers,
        {"billingStartDate": "2026-01-01", "billingEndDate": "2026-02-28", "type": "CUSTOMER"},
    )
    sim.client.put("/_sim/faults", json={"seed": 0, "rules": []}, headers=sim.admin)
    sim.transitions("manual")
    made["pending"] = _create(
        sim,
        headers,
        {"billingStartDate": "2026-01-05", "billingEndDate": "2026-01-15", "type": "USER"},
    )
    statuses = {name: _report(sim, headers, rid)["status"] for name, rid in made.items()}
    assert statuses == {"completed": "COMPLETED", "failed": "FAILED", "pending": "IN_PROGRESS"}
    return made


def test_sort_by_is_honoured(sim: Sim) -> None:
    headers = sim.token()
    made = _three_reports(sim, headers)
    expected = {
        None: ["failed", "pending", "completed"],
        "billingStartDate": ["failed", "pending", "completed"],
        "billingEndDate": ["pending", "completed", "failed"],
        "status": ["completed", "failed", "pending"],
    }
    for sort_by, names in expected.items():
        params = {"sortBy": sort_by} if sort_by else {}
        items = sim.client.get(URL, params=params, headers=headers).json()["items"]
        assert [r["id"] for r in items] == [made[n] for n in names], sort_by


def test_the_billing_end_date_filter_and_paging(sim: Sim) -> None:
    headers = sim.token()
    made = _three_reports(sim, headers)
    ended = sim.client.get(URL, params={"billingEndDate": "2026-01-20"}, headers=headers).json()
    assert [r["id"] for r in ended["items"]] == [made["completed"]]
    first = sim.client.get(URL, params={"max": "2"}, headers=headers)
    assert [r["id"] for r in first.json()["items"]] == [made["failed"], made["pending"]]
    link = first.headers["link"]
    assert link.endswith('>; rel="next"') and "offset=2" in link and "max=2" in link
    second = sim.client.get(link[1 : link.index(">")], headers=headers)
    assert [r["id"] for r in second.json()["items"]] == [made["completed"]]
    assert "link" not in second.headers
    nothing = sim.client.get(URL, params={"billingEndDate": "2026-01-21"}, headers=headers)
    assert nothing.json()["items"] == [] and "link" not in nothing.headers
    whole = sim.client.get(URL, params={"max": "3"}, headers=headers)
    assert len(whole.json()["items"]) == 3 and "link" not in whole.headers


@pytest.mark.parametrize("name", ["billingStartDate", "billingEndDate"])
def test_a_bad_date_filter_names_the_parameter_and_the_value(sim: Sim, name: str) -> None:
    headers = sim.token()
    answer = sim.client.get(URL, params={name: "2026-02-30"}, headers=headers)
    body = assert_webex_error(answer, 400, "api-invalid-request")
    message = f"{name} must be a date (YYYY-MM-DD), not '2026-02-30'"
    _assert_report_error(body, 7001, "api-invalid-request", message, name)


def test_an_unknown_report_names_the_id_field(sim: Sim) -> None:
    headers = sim.token()
    for answer in (
        sim.client.get(f"{URL}/no-such-report", headers=headers),
        sim.client.delete(f"{URL}/no-such-report", headers=headers),
    ):
        body = assert_webex_error(answer, 404, "billing-report-not-found")
        found = "Billing Report not found."
        _assert_report_error(body, 2024, "billing-report-not-found", found, "id")


def test_the_internal_flag_is_answered_as_sent(sim: Sim) -> None:
    headers = sim.token()
    sim.set_clock("2026-02-05T09:00:00Z")
    for kind, internal in (("PARTNER", True), ("USER", False)):
        answer = sim.client.post(
            URL, json={**JANUARY, "type": kind, "internal": internal}, headers=headers
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["internal"] is internal
    default = sim.client.post(URL, json={**JANUARY, "type": "CUSTOMER"}, headers=headers)
    assert default.json()["internal"] is False


def test_a_report_for_someone_elses_sub_partner_is_not_found(sim: Sim) -> None:
    suspended = sim.client.post(
        "/_sim/subPartners",
        json={"partner": "acme", "name": "Asleep", "provisioningState": "suspended"},
        headers=sim.admin,
    ).json()["orgId"]
    theirs = sim.client.post(
        "/_sim/subPartners", json={"partner": "globex", "name": "West"}, headers=sim.admin
    ).json()["orgId"]
    headers = sim.token()
    sim.set_clock("2026-02-05T09:00:00Z")
    for org in (theirs, "no-such-org"):
        body = {**JANUARY, "subPartnerOrgId": org}
        answer = sim.client.post(URL, json=body, headers=headers)
        assert_webex_error(answer, 404, "api-not-found")
    # A suspended sub-partner may read and delete but not provision or update
    # (docs/simulator.md); a report provisions nothing.
    _create(sim, headers, {**JANUARY, "subPartnerOrgId": suspended})


def test_a_failed_outcome_drawn_at_a_rate_still_accepts_every_report(sim: Sim) -> None:
    headers = sim.token()
    sim.set_clock("2026-02-05T09:00:00Z")
    rule = {"method": "POST", "route": URL, "outcome": "FAILED", "rate": 0.5}
    answer = sim.client.put("/_sim/faults", json={"seed": 3, "rules": [rule]}, headers=sim.admin)
    assert answer.status_code == 200, answer.text
    made = [_create(sim, headers, {**JANUARY, "type": kind}) for kind in ("PARTNER", "USER")]
    statuses = {_report(sim, headers, report_id)["status"] for report_id in made}
    assert statuses <= {"COMPLETED", "FAILED"}


def test_a_report_id_is_shaped_like_the_real_ones(sim: Sim) -> None:
    headers = sim.token()
    sim.set_clock("2026-02-05T09:00:00Z")
    report_id = _create(sim, headers, JANUARY)
    # base64url without padding of ciscospark://us/BILLING_REPORT/<uuid> (docs/simulator.md).
    decoded = base64.urlsafe_b64decode(report_id + "=" * (-len(report_id) % 4)).decode()
    prefix, _, uuid = decoded.rpartition("/")
    assert prefix == "ciscospark://us/BILLING_REPORT" and len(uuid) == 36
