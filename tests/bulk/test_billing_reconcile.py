"""``rtm billing reconcile``: the report CSV against the import journal, difference by
difference, and the command's outputs and exit codes."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx2
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from bulk.billing import (
    AcceptanceRefresh,
    JournalFileError,
    Prices,
    ReportFileError,
    read_journal,
    read_report,
    reconcile,
    refresh_acceptance,
)
from bulk.billing.report_file import REQUIRED_COLUMNS
from bulk.cli import app
from bulk.client import ApiSession, WholesaleClient
from bulk.importer import AssistOrder, ProvisioningJournal, SubscriberPackage
from bulk.pricebook import load_pricebook

COLUMNS = [*REQUIRED_COLUMNS, "location_id", "location_name"]
NOVEMBER = {"start_date": "2026-11-01", "end_date": "2026-11-30"}


def usage(
    customer: str, package: str, units: int, subscriber: str = "", **extra: str
) -> dict[str, str]:
    """A usage line of ``customer`` (ids ``C-<customer>``) for ``units`` full-month users."""
    return {
        "line_type": "usage",
        "customer_id": f"C-{customer}",
        "external_customer_id": customer,
        "subscriber_id": f"S-{subscriber}" if subscriber else "",
        "email": f"{subscriber}@example.com" if subscriber else "",
        "package": package,
        "user_days": str(30 * units),
        "billable_units": str(units),
        **NOVEMBER,
        **extra,
    }


def charge(
    customer: str, location: str, sku: str, quantity: int, unit: str, **extra: str
) -> dict[str, str]:
    """A Setup Assist one-time line."""
    return {
        "line_type": "one_time",
        "customer_id": f"C-{customer}",
        "external_customer_id": customer,
        "sku": sku,
        "quantity": str(quantity),
        "unit_net_price": unit,
        "amount": str(Decimal(unit) * quantity),
        "currency": "USD",
        "charge_date": "2026-11-19",
        "location_id": f"L-{location}",
        "location_name": location,
        **NOVEMBER,
        **extra,
    }


def write_report(path: Path, lines: list[dict[str, str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for line in lines:
        writer.writerow({c: line.get(c, "") for c in COLUMNS})
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def subscriber(
    customer: str, name: str, package: str, status: str = "provisioned"
) -> SubscriberPackage:
    return SubscriberPackage(
        f"{name}@example.com", customer, f"C-{customer}", f"S-{name}", "HQ", package, status
    )


def order(
    customer: str, location: str, sku: str, quantity: int, unit: str, **extra: Any
) -> AssistOrder:
    values: dict[str, Any] = {
        "customer_external_id": customer,
        "location_name": location,
        "customer_id": f"C-{customer}",
        "location_id": f"L-{location}",
        "request_id": f"R-{location}",
        "seats": quantity if sku == "STANDARD" else 3,
        "sku": sku,
        "quantity": quantity,
        "unit_net_price": unit,
        "amount": str(Decimal(unit) * quantity),
        "currency": "USD",
        "requested_completion_date": "2026-12-15",
        "status": "accepted",
        **extra,
    }
    return AssistOrder(**values)


def write_journal(
    path: Path,
    subscribers: list[SubscriberPackage],
    orders: Sequence[AssistOrder] = (),
) -> Path:
    for old in path.parent.glob(path.name + "*"):  # a fresh journal each time
        old.unlink()
    with ProvisioningJournal(path) as journal:
        for s in subscribers:
            journal.record_subscriber_package(s)
        for o in orders:
            journal.record_assist_order(f"assist:{o.customer_external_id}/{o.location_name}", o)
    with closing(sqlite3.connect(path)) as db, db:  # sent in November, unless a test says
        db.execute("UPDATE assist_orders SET recorded_at = '2026-11-19T10:00:00.000+00:00'")
    return path


def sent_on(journal: Path, request_id: str, stamp: str) -> None:
    """Pretend the importer sent this request at ``stamp`` (the operations table's sent_at)."""
    with closing(sqlite3.connect(journal)) as db, db:
        key = db.execute(
            "SELECT key FROM assist_orders WHERE request_id = ?", (request_id,)
        ).fetchone()[0]
        db.execute(
            "INSERT INTO operations (key, kind, action, sheet, row, fingerprint, state, planned_at,"
            " sent_at) VALUES (?, 'assist', 'create', 'Setup Assist', 2, 'f', 'done', ?, ?)",
            (key, stamp, stamp),
        )


PRICES = Prices(load_pricebook())


def codes(
    tmp_path: Path,
    lines: list[dict[str, str]],
    subscribers: list[SubscriberPackage],
    orders: Sequence[AssistOrder] = (),
    prices: Prices = PRICES,
    **options: bool,
) -> list[str]:
    result = reconcile(
        read_report(write_report(tmp_path / "r.csv", lines)),
        read_journal(write_journal(tmp_path / "j.sqlite", subscribers, orders)),
        prices,
        **options,
    )
    return [d.code for d in result.differences]


TEAM = [subscriber("c1", "ann", "webex_calling"), subscriber("c1", "bob", "webex_calling")]


def test_a_matching_report_has_no_differences(tmp_path: Path) -> None:
    lines = [usage("c1", "webex_calling", 2), charge("c1", "HQ", "EXPRESS", 1, "249.00")]
    assert codes(tmp_path, lines, TEAM, [order("c1", "HQ", "EXPRESS", 1, "249.00")]) == []


def test_package_charges_missing_unexpected_too_many_and_too_few(tmp_path: Path) -> None:
    assert codes(tmp_path, [], TEAM) == ["reconcile-missing-charge"]
    extra = [usage("c1", "webex_calling", 2), usage("c1", "webex_meetings", 1)]
    assert codes(tmp_path, extra, TEAM) == ["reconcile-unexpected-charge"]
    assert codes(tmp_path, [usage("c1", "webex_calling", 3)], TEAM) == ["reconcile-wrong-quantity"]
    assert codes(tmp_path, [usage("c1", "webex_calling", 1)], TEAM) == ["reconcile-partial-usage"]


def test_partial_usage_is_a_warning_and_does_not_fail(tmp_path: Path) -> None:
    result = reconcile(
        read_report(write_report(tmp_path / "r.csv", [usage("c1", "webex_calling", 1)])),
        read_journal(write_journal(tmp_path / "j.sqlite", TEAM)),
        PRICES,
    )
    assert (result.errors, result.warnings) == (0, 1)
    assert result.differences[0].amount == Decimal("-15.00")  # one webex_calling unit short


def test_pending_and_deleted_subscribers_may_but_need_not_be_charged(tmp_path: Path) -> None:
    team = [
        *TEAM,
        subscriber("c1", "cy", "webex_calling", "pending_user_migration"),
        subscriber("c1", "di", "webex_calling", "deleted"),
    ]
    assert codes(tmp_path, [usage("c1", "webex_calling", 2)], team) == []
    assert codes(tmp_path, [usage("c1", "webex_calling", 4)], team) == []
    assert codes(tmp_path, [usage("c1", "webex_calling", 5)], team) == ["reconcile-wrong-quantity"]


def test_user_report_compares_subscriber_by_subscriber(tmp_path: Path) -> None:
    same = [usage("c1", "webex_calling", 1, "ann"), usage("c1", "webex_calling", 1, "bob")]
    assert codes(tmp_path, same, TEAM) == []
    swapped = [usage("c1", "webex_calling", 1, "ann"), usage("c1", "webex_suite", 1, "bob")]
    assert codes(tmp_path, swapped, TEAM) == ["reconcile-wrong-sku"]
    changed = [*same, usage("c1", "webex_meetings", 1, "bob")]
    assert codes(tmp_path, changed, TEAM) == ["reconcile-unexpected-charge"]
    stranger = [*same, usage("c1", "webex_calling", 1, "eve")]
    assert codes(tmp_path, stranger, TEAM) == ["reconcile-unexpected-charge"]
    assert codes(tmp_path, same[:1], TEAM) == ["reconcile-missing-charge"]


def partner_usage(package: str, units: int) -> dict[str, str]:
    """A PARTNER report's partner-level line: one per package, no customer."""
    return {**usage("", package, units), "customer_id": "", "external_customer_id": ""}


def test_partner_report_compares_package_totals_for_the_whole_partner(tmp_path: Path) -> None:
    team = [*TEAM, subscriber("c2", "cy", "webex_calling")]
    assert codes(tmp_path, [partner_usage("webex_calling", 3)], team) == []
    meetings_only = [partner_usage("webex_meetings", 1)]
    assert codes(tmp_path, meetings_only, team) == ["reconcile-missing-charge"]
    assert codes(tmp_path, [partner_usage("webex_calling", 2)], team) == ["reconcile-partial-usage"]
    # Other workbooks' customers are in the partner's report too: more units than the journal
    # has are a difference only when the journal is the partner's whole book.
    more = [partner_usage("webex_calling", 5), partner_usage("webex_meetings", 1)]
    assert codes(tmp_path, more, team) == []
    assert codes(tmp_path, more, team, all_customers=True) == [
        "reconcile-wrong-quantity",
        "reconcile-unexpected-charge",
    ]
    result = reconcile(
        read_report(write_report(tmp_path / "r.csv", [partner_usage("webex_calling", 3)])),
        read_journal(write_journal(tmp_path / "j.sqlite", team)),
        PRICES,
    )
    assert result.summary()["report_kind"] == "per partner"
    assert result.lines_not_compared == 0


def test_setup_assist_charges(tmp_path: Path) -> None:
    express = order("c1", "HQ", "EXPRESS", 1, "249.00")
    standard = order("c1", "Depot", "STANDARD", 8, "45.00")
    right = [
        charge("c1", "HQ", "EXPRESS", 1, "249.00"),
        charge("c1", "Depot", "STANDARD", 8, "45.00"),
    ]
    assert codes(tmp_path, right, [], [express, standard]) == []
    assert codes(tmp_path, right[:1], [], [express, standard]) == ["reconcile-missing-charge"]
    twice = [*right, charge("c1", "HQ", "EXPRESS", 1, "249.00")]
    assert codes(tmp_path, twice, [], [express, standard]) == ["reconcile-unexpected-charge"]
    assert codes(tmp_path, right, [], [express]) == ["reconcile-unexpected-charge"]
    wrong_sku = [charge("c1", "HQ", "STANDARD", 1, "45.00")]
    assert codes(tmp_path, wrong_sku, [], [express]) == ["reconcile-wrong-sku"]
    wrong_quantity = [charge("c1", "Depot", "STANDARD", 9, "45.00")]
    assert codes(tmp_path, wrong_quantity, [], [standard]) == ["reconcile-wrong-quantity"]
    wrong_price = [charge("c1", "HQ", "EXPRESS", 1, "259.00")]
    assert codes(tmp_path, wrong_price, [], [express]) == ["reconcile-wrong-amount"]
    bad_sum = [charge("c1", "HQ", "EXPRESS", 1, "249.00", amount="250.00")]
    assert codes(tmp_path, bad_sum, [], [express]) == ["reconcile-wrong-amount"]


def test_the_partner_discount_sets_the_expected_price(tmp_path: Path) -> None:
    discounted = Prices(load_pricebook(), Decimal("0.30"))
    quoted_at_list = order("c1", "HQ", "EXPRESS", 1, "249.00")
    at_list = [charge("c1", "HQ", "EXPRESS", 1, "249.00")]
    assert codes(tmp_path, at_list, [], [quoted_at_list], discounted) == ["reconcile-wrong-amount"]
    at_net = [charge("c1", "HQ", "EXPRESS", 1, "174.30")]
    assert codes(tmp_path, at_net, [], [quoted_at_list], discounted) == []


def test_orders_sent_in_another_period_or_cancelled_are_not_expected(tmp_path: Path) -> None:
    cancelled = order("c1", "HQ", "EXPRESS", 1, "249.00", status="cancelled")
    earlier = order("c1", "Depot", "EXPRESS", 1, "249.00")
    journal = write_journal(tmp_path / "j.sqlite", [], [cancelled, earlier])
    sent_on(journal, "R-Depot", "2026-10-31T23:00:00.000+00:00")
    november = [usage("someone-else", "webex_calling", 1)]  # gives the report its period
    facts = read_journal(journal)
    assert facts.charge_days["R-Depot"] == dt.date(2026, 10, 31)
    result = reconcile(read_report(write_report(tmp_path / "r.csv", november)), facts, PRICES)
    assert result.differences == ()
    charged = [*november, charge("c1", "Depot", "EXPRESS", 1, "249.00", charge_date="2026-11-01")]
    late = reconcile(read_report(write_report(tmp_path / "r.csv", charged)), facts, PRICES)
    assert late.differences == ()  # accepted a day after it was sent: still its charge


OCTOBER = {"start_date": "2026-10-01", "end_date": "2026-10-31"}


def month_end_journal(tmp_path: Path, **stamps: str) -> Path:
    """Depot's Express request submitted on the server at 23:59:50 on 31 October, sent (by the
    importer's own, wrong, clock) in July; ``stamps`` add or change the server's timestamps."""
    late = order(
        "c1",
        "Depot",
        "EXPRESS",
        1,
        "249.00",
        submitted_at="2026-10-31T23:59:50.000Z",
        **stamps,
    )
    journal = write_journal(tmp_path / "j.sqlite", [], [late])
    sent_on(journal, "R-Depot", "2026-07-04T12:00:00.000+00:00")
    return journal


def compare(tmp_path: Path, lines: list[dict[str, str]], journal: Path) -> list[str]:
    """The codes of reconciling ``lines`` with ``journal``."""
    result = reconcile(
        read_report(write_report(tmp_path / "r.csv", lines)), read_journal(journal), PRICES
    )
    return [d.code for d in result.differences]


def test_a_request_accepted_after_a_month_end_is_charged_in_the_next_month(
    tmp_path: Path,
) -> None:
    journal = month_end_journal(tmp_path, accepted_at="2026-11-01T00:00:10.000Z")
    assert read_journal(journal).charge_days["R-Depot"] == dt.date(2026, 11, 1)
    october = [usage("someone-else", "webex_calling", 1, **OCTOBER)]
    assert compare(tmp_path, october, journal) == []  # not missing in October
    november = [usage("someone-else", "webex_calling", 1)]
    depot = charge("c1", "Depot", "EXPRESS", 1, "249.00", charge_date="2026-11-01")
    assert compare(tmp_path, [*november, depot], journal) == []
    assert compare(tmp_path, november, journal) == ["reconcile-missing-charge"]


def test_the_server_day_wins_over_the_importers_clock_and_an_offset_is_made_utc(
    tmp_path: Path,
) -> None:
    journal = month_end_journal(tmp_path)  # not seen accepted: the submission day stands
    assert read_journal(journal).charge_days["R-Depot"] == dt.date(2026, 10, 31)
    october = [usage("someone-else", "webex_calling", 1, **OCTOBER)]
    assert compare(tmp_path, october, journal) == ["reconcile-missing-charge"]
    journal = month_end_journal(tmp_path, accepted_at="2026-10-31T20:30:00-05:00")
    assert read_journal(journal).charge_days["R-Depot"] == dt.date(2026, 11, 1)


def assist_api(answers: dict[str, dict[str, Any]]) -> httpx2.MockTransport:
    """``GET /v1/wholesale/setupAssist/requests/{id}`` answering ``answers`` (else 404)."""

    def handle(request: httpx2.Request) -> httpx2.Response:
        found = answers.get(request.url.path.rsplit("/", 1)[-1])
        if request.method != "GET" or found is None:
            return httpx2.Response(404, json={"message": "not found", "errors": []})
        return httpx2.Response(200, json=found)

    return httpx2.MockTransport(handle)


def request_body(request_id: str, status: str, accepted_at: str | None) -> dict[str, Any]:
    """A Setup Assist request as the API answers it."""
    return {
        "id": request_id,
        "customerId": "C-c1",
        "locationId": f"L-{request_id[2:]}",
        "seats": 3,
        "sku": "EXPRESS",
        "quantity": 1,
        "status": status,
        "submittedAt": "2026-10-31T23:59:50.000Z",
        "acceptedAt": accepted_at,
    }


def test_refreshing_learns_the_acceptance_day_and_what_is_not_accepted_yet(
    tmp_path: Path,
) -> None:
    orders = [
        order("c1", "Depot", "EXPRESS", 1, "249.00", status="submitted"),
        order("c1", "Shop", "EXPRESS", 1, "249.00", status="submitted"),
        order("c1", "Gone", "EXPRESS", 1, "249.00", status="submitted"),
        order("c1", "HQ", "EXPRESS", 1, "249.00", accepted_at="2026-11-19T10:00:00.000Z"),
    ]
    journal = write_journal(tmp_path / "j.sqlite", [], orders)
    transport = assist_api(
        {
            "R-Depot": request_body("R-Depot", "accepted", "2026-11-02T08:00:00.000Z"),
            "R-Shop": request_body("R-Shop", "submitted", None),
        }
    )

    async def run(path: Path) -> AcceptanceRefresh:
        async with httpx2.AsyncClient(transport=transport, base_url="http://api") as http:
            return await refresh_acceptance(WholesaleClient(ApiSession(http, "t")), path)

    refreshed = asyncio.run(run(journal))
    assert (refreshed.asked, refreshed.accepted, refreshed.not_accepted) == (
        2,
        1,
        frozenset({"R-Shop"}),
    )
    facts = replace(read_journal(journal), not_accepted=refreshed.not_accepted)
    assert facts.charge_days["R-Depot"] == dt.date(2026, 11, 2)
    assert {o.request_id: o.status for o in facts.orders}["R-Depot"] == "accepted"
    november = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
    due = {o.request_id: facts.due_in(o, november) for o in facts.orders}
    assert due == {"R-Depot": True, "R-Shop": False, "R-Gone": True, "R-HQ": True}
    with pytest.raises(JournalFileError, match="not found"):
        asyncio.run(run(tmp_path / "no.sqlite"))
    assert not (tmp_path / "no.sqlite").exists()


def test_customers_the_journal_does_not_know_are_left_out_unless_asked(tmp_path: Path) -> None:
    lines = [usage("c1", "webex_calling", 2), usage("other", "webex_calling", 5)]
    assert codes(tmp_path, lines, TEAM) == []
    assert codes(tmp_path, lines, TEAM, all_customers=True) == ["reconcile-unexpected-charge"]


def test_report_file_problems_name_the_line_and_column(tmp_path: Path) -> None:
    bad_units = [usage("c1", "webex_calling", 2, billable_units="two")]
    with pytest.raises(ReportFileError, match=r"line 2, column billable_units: is not a whole"):
        read_report(write_report(tmp_path / "a.csv", bad_units))
    (tmp_path / "b.csv").write_text("customer,package\nx,y\n")
    with pytest.raises(ReportFileError, match="not a billing report CSV"):
        read_report(tmp_path / "b.csv")
    with pytest.raises(ReportFileError, match="not found"):
        read_report(tmp_path / "missing.csv")
    mixed = [usage("c1", "webex_calling", 2), usage("c1", "webex_suite", 1, end_date="2026-11-29")]
    with pytest.raises(ReportFileError, match="different periods"):
        read_report(write_report(tmp_path / "c.csv", mixed))


def _cli(tmp_path: Path, lines: list[dict[str, str]], *extra: str) -> Any:
    report = write_report(tmp_path / "r.csv", lines)
    journal = write_journal(
        tmp_path / "j.sqlite", TEAM, [order("c1", "HQ", "EXPRESS", 1, "249.00")]
    )
    args = ["billing", "reconcile", "--report", str(report), "--journal", str(journal), *extra]
    return CliRunner().invoke(app, args, env={"COLUMNS": "200"})


def test_command_exit_codes_and_outputs(tmp_path: Path) -> None:
    good = [usage("c1", "webex_calling", 2), charge("c1", "HQ", "EXPRESS", 1, "249.00")]
    ok = _cli(tmp_path, good)
    assert ok.exit_code == 0, ok.output
    assert "No differences" in ok.output
    overcharged = [usage("c1", "webex_calling", 3), charge("c1", "HQ", "EXPRESS", 1, "249.00")]
    xlsx, js = tmp_path / "d.xlsx", tmp_path / "d.json"
    bad = _cli(tmp_path, overcharged, "-o", str(xlsx), "--json", str(js))
    assert bad.exit_code == 1, bad.output
    assert "reconcile-wrong-quantity" in bad.output and "15.00 USD" in bad.output
    document = json.loads(js.read_text())
    assert document["ok"] is False and document["summary"]["errors"] == 1
    assert document["differences"][0]["customer_external_id"] == "c1"
    assert document["differences"][0]["amount"] == "15.00"
    sheet = load_workbook(xlsx)["Differences"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "code" and rows[1][0] == "reconcile-wrong-quantity"
    assert Decimal(str(rows[1][9])) == Decimal("15.00")
    piped = _cli(tmp_path, overcharged, "--json", "-")
    assert json.loads(piped.stdout)["summary"]["differences"] == 1


def test_command_refuses_unusable_input_with_one_line(tmp_path: Path) -> None:
    report = write_report(tmp_path / "r.csv", [])
    missing = CliRunner().invoke(
        app,
        ["billing", "reconcile", "--report", str(report), "--journal", str(tmp_path / "no.sqlite")],
    )
    assert missing.exit_code == 2 and "journal file not found" in missing.output
    assert not (tmp_path / "no.sqlite").exists()
    partner = tmp_path / "p.toml"
    partner.write_text(
        '[partner]\nname = "x"\ncurrency = "EUR"\ndiscount = "0.1"\n'
        "a_wholesale_ordered = true\n[readiness]\npstn_connectivity = true\n"
        "hosting_requirements = true\noss_bss = true\n"
    )
    journal = write_journal(tmp_path / "j.sqlite", TEAM)
    euro = CliRunner().invoke(
        app,
        [
            "billing",
            "reconcile",
            "--report",
            str(report),
            "--journal",
            str(journal),
            "--partner",
            str(partner),
        ],
    )
    assert euro.exit_code == 2 and "differs from the price book's USD" in euro.output
    assert "Traceback" not in missing.output + euro.output
