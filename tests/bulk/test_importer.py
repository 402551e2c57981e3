"""The importer in-process against the real simulator app (the test harness's ASGI transport):
the sample workbook imports completely and the simulator then holds exactly its data; reruns change
nothing; a refused row fails alone; a crash at any send is resumed without duplicates; 429/503
faults are ridden out."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bulk.client import RetryPolicy, WholesaleClient
from bulk.importer import (
    ImportPlan,
    ImportReport,
    OpState,
    ProvisioningJournal,
    build_plan,
    write_result_workbook,
)
from bulk.validation import ValidationResult, validate_workbook
from bulk.workbook.rows import ParsedWorkbook, SubscriberRow
from tests.holdings import read_holdings, workbook_holdings
from tests.importing import ImportTarget, run_plan
from tests.simulator import support
from tests.simulator.support import PROVISIONING_ID

SAMPLE = Path(__file__).parents[2] / "fixtures" / "workbooks" / "valid" / "sample.xlsx"
AS_OF = dt.date(2026, 11, 25)


class Sim(ImportTarget):
    """The harness's simulator as the importer reaches it (tests/importing.py), with the
    partner set-up and read-back these tests share."""

    def token(self, partner: str = "acme-partner") -> str:
        """A full-admin token of a partner that has ordered A-Wholesale and is ready for
        Setup Assist."""
        token = self.harness.mint(partner)
        asyncio.run(self._ready_for_assist(token))
        return token

    async def _ready_for_assist(self, token: str) -> None:
        async with self.client(token) as api:
            await api.order_entitlement("AW-TEST-1")
            await api.set_readiness(pstn=True, hosting=True, oss_bss=True)

    def faults(self, rules: list[dict[str, Any]], seed: int = 7) -> None:
        asyncio.run(self.call("PUT", "/_sim/faults", json={"seed": seed, "rules": rules}))

    def holdings(self, token: str) -> dict[str, Any]:
        """What the partner's data looks like on the server, keyed by natural keys."""
        return asyncio.run(self._holdings(token))

    async def _holdings(self, token: str) -> dict[str, Any]:
        async with self.client(token) as api:
            return await read_holdings(api)


@pytest.fixture
def sim(sim: support.Sim) -> Sim:
    """The harness's ``sim`` (tests/conftest.py), as the importer reaches it."""
    return Sim(sim)


@pytest.fixture(scope="module")
def sample_rows() -> ParsedWorkbook:
    return validate_sample().workbook


def validate_sample() -> ValidationResult:
    result = validate_workbook(SAMPLE, as_of=AS_OF)
    assert result.report.valid
    return result


# Counted by hand from the sample's Subscribers sheet (docs/setup-assist.md: seats are the
# subscribers at the location; 1-5 seats -> EXPRESS quantity 1, 6 or more -> STANDARD quantity
# = seats): San Francisco HQ has 6 webex_calling + 2 webex_meetings + 1 attendant_console = 9,
# Manchester Depot has 4 webex_suite.
EXPECTED_ASSISTS = [
    ("acme-us-001", "San Francisco HQ", "STANDARD", 9, 9),
    ("brightwell-gb-001", "Manchester Depot", "EXPRESS", 1, 4),
]


class Crash(BaseException):
    """Stands in for SIGKILL in-process: nothing after it runs, not even journal writes."""


class Crasher:
    def __init__(self, index: int, when: str) -> None:
        self.index, self.when = index, when

    def check(self, index: int, when: str) -> None:
        if (index, when) == (self.index, self.when):
            raise Crash


def run_import(
    sim: Sim,
    token: str,
    plan: ImportPlan,
    journal: Path,
    *,
    crash: Crasher | None = None,
    concurrency: int = 4,
    fast_retries: bool = False,
    provisioning_id: str | None = PROVISIONING_ID,
) -> ImportReport:
    async def go() -> ImportReport:
        async def no_wait(_: float) -> None:
            await asyncio.sleep(0)

        sleep = no_wait if fast_retries else asyncio.sleep
        policy = RetryPolicy(max_attempts=12, base_delay=0.01, max_delay=0.05)
        async with sim.client(token, concurrency=concurrency, retry=policy, sleep=sleep) as api:
            return await run_plan(
                api,
                plan,
                journal,
                provisioning_id=provisioning_id,
                workbook="sample.xlsx",
                concurrency=concurrency,
                crash=crash,  # type: ignore[arg-type]
                sleep=sleep,
            )

    return asyncio.run(go())


def expected_holdings(rows: ParsedWorkbook, assists: list[Any] | None = None) -> dict[str, Any]:
    """What the simulator must hold after importing ``rows`` (the sample's assists by default)."""
    chosen = EXPECTED_ASSISTS if assists is None else assists
    return workbook_holdings(rows, lambda c: sorted(c.packages), chosen)


def test_sample_workbook_imports_completely_and_the_simulator_holds_exactly_it(
    sim: Sim, sample_rows: ParsedWorkbook, tmp_path: Path
) -> None:
    token = sim.token()
    report = run_import(sim, token, build_plan(sample_rows), tmp_path / "j.sqlite")
    assert all(o.status == "done" and o.remote_id for o in report.outcomes), report.failed
    assert len(report.outcomes) == 40
    assert sim.holdings(token) == expected_holdings(sample_rows)
    with ProvisioningJournal(tmp_path / "j.sqlite") as journal:
        orders = {
            (o.customer_external_id, o.location_name, o.sku, o.quantity, o.seats)
            for o in journal.assist_orders()
        }
        packages = {p.email: p.package for p in journal.subscriber_packages()}
    assert sorted(orders) == EXPECTED_ASSISTS
    assert packages == {s.email.casefold(): s.package for s in sample_rows.subscribers}


def test_without_a_provisioning_id_no_customer_is_sent_and_the_row_says_why(
    sim: Sim, sample_rows: ParsedWorkbook, tmp_path: Path
) -> None:
    token = sim.token()
    plan = build_plan(sample_rows)
    report = run_import(sim, token, plan, tmp_path / "j.sqlite", provisioning_id=None)
    customers = [o for o in report.outcomes if o.sheet == "Customers"]
    assert customers and all(o.status == "failed" for o in customers)
    assert all(o.error_code == "import-blocked" for o in customers)
    assert all("--provisioning-id" in (o.error_message or "") for o in customers)
    assert sim.holdings(token)["customers"] == {}


def test_rerun_changes_nothing_and_says_so(
    sim: Sim, sample_rows: ParsedWorkbook, tmp_path: Path
) -> None:
    token = sim.token()
    plan = build_plan(sample_rows)
    first = run_import(sim, token, plan, tmp_path / "j.sqlite")
    before = sim.holdings(token)
    again = run_import(sim, token, plan, tmp_path / "j.sqlite")
    assert again.nothing_changed and again.changed_this_run == 0
    assert sim.holdings(token) == before
    done_first = {o.key for o in first.outcomes if o.status == "done"}
    assert {o.key for o in again.outcomes if o.status == "done"} == done_first


def test_rerun_without_the_journal_finds_everything_and_duplicates_nothing(
    sim: Sim, sample_rows: ParsedWorkbook, tmp_path: Path
) -> None:
    token = sim.token()
    plan = build_plan(sample_rows)
    run_import(sim, token, plan, tmp_path / "first.sqlite")
    before = sim.holdings(token)
    fresh = run_import(sim, token, plan, tmp_path / "lost-journal.sqlite")
    assert sim.holdings(token) == before
    assert {o.status for o in fresh.outcomes} == {"unchanged"}
    assert fresh.nothing_changed


def test_a_row_the_api_refuses_fails_alone_and_is_reported_in_the_result(
    sim: Sim, sample_rows: ParsedWorkbook, tmp_path: Path
) -> None:
    token = sim.token()
    assisted = {(a.customer_external_id, a.location_name) for a in sample_rows.assists}
    taken = next(
        s
        for s in sample_rows.subscribers
        if (s.customer_external_id, s.location_name) not in assisted
    )  # (a refused subscriber at an assisted location also blocks that location's request)
    # Another customer of the same partner already has this subscriber's email: the API says 409.
    rows = ParsedWorkbook(
        customers=[replace(sample_rows.customers[2], external_id="squatter", row=2)],
        subscribers=[
            replace(
                taken,
                customer_external_id="squatter",
                location_name="",
                package="webex_meetings",
                phone_number="",
                extension="",
            )
        ],
    )
    squatter = replace(rows.customers[0], packages=("webex_meetings",))
    rows.customers[0] = squatter
    assert all(
        o.status == "done"
        for o in run_import(sim, token, build_plan(rows), tmp_path / "s.sqlite").outcomes
    )

    report = run_import(sim, token, build_plan(sample_rows), tmp_path / "j.sqlite")
    (failed,) = report.failed
    assert (failed.sheet, failed.row) == ("Subscribers", taken.row)
    assert failed.error_code is not None and failed.error_message
    others = [
        o
        for o in report.outcomes
        if o is not failed and o.sheet in ("Customers", "Locations", "Subscribers")
    ]
    assert all(o.status == "done" for o in others)

    target = tmp_path / "result.xlsx"
    write_result_workbook(SAMPLE, target, report, {"url": "http://sim"})
    book = openpyxl.load_workbook(target)
    sheet = book["Subscribers"]
    headers = [c.value for c in sheet[1]]
    status_col = headers.index("Status") + 1
    cells = [sheet.cell(taken.row, status_col + i).value for i in range(4)]
    assert (
        cells[0] == "failed" and cells[2] == failed.error_code and cells[3] == failed.error_message
    )
    assert sheet.cell(taken.row + 1, status_col).value == "done"
    assert sheet.cell(taken.row + 1, status_col + 1).value  # the remote id
    assert "Summary" in book.sheetnames and book.sheetnames[0] == "Summary"


def test_a_failed_customer_blocks_only_its_own_rows(
    sim: Sim, sample_rows: ParsedWorkbook, tmp_path: Path
) -> None:
    token = sim.token()
    victim = sample_rows.customers[1]
    broken = replace(victim, packages=("attendant_console",))  # API refuses: dependency missing
    rows = replace(
        sample_rows, customers=[sample_rows.customers[0], broken, sample_rows.customers[2]]
    )
    report = run_import(sim, token, build_plan(rows), tmp_path / "j.sqlite")
    got = {(o.sheet, o.row): (o.status, o.error_code) for o in report.outcomes}
    # The sample's brightwell-gb-001: customer row 3, locations rows 4-5, subscribers rows
    # 14-24, Setup Assist row 3; every other row is another customer's and goes through.
    blocked = ("failed", "import-blocked")
    expected = {("Customers", r): ("done", None) for r in (2, 4)}
    expected[("Customers", 3)] = ("failed", "package-dependency")
    expected |= {("Locations", r): ("done", None) for r in (2, 3, 6)}
    expected |= {("Locations", r): blocked for r in (4, 5)}
    expected |= {("Subscribers", r): ("done", None) for r in (*range(2, 14), *range(25, 32))}
    expected |= {("Subscribers", r): blocked for r in range(14, 25)}
    expected |= {("Setup Assist", 2): ("done", None), ("Setup Assist", 3): blocked}
    assert victim.row == 3 and victim.external_id == "brightwell-gb-001"
    assert got == expected


def test_update_and_delete_actions_and_unchanged_rows(
    sim: Sim, sample_rows: ParsedWorkbook, tmp_path: Path
) -> None:
    token = sim.token()
    journal = tmp_path / "j.sqlite"
    run_import(sim, token, build_plan(sample_rows), journal)
    changed, same, gone = (
        sample_rows.subscribers[0],
        sample_rows.subscribers[1],
        sample_rows.subscribers[2],
    )
    subscribers: list[SubscriberRow] = [
        replace(changed, action="update", package="webex_meetings"),
        replace(same, action="update"),
        replace(gone, action="delete"),
    ]
    rows = replace(sample_rows, subscribers=subscribers, assists=[])
    report = run_import(sim, token, build_plan(rows), tmp_path / "second.sqlite")
    status = {o.row: o.status for o in report.outcomes if o.sheet == "Subscribers"}
    assert status == {changed.row: "done", same.row: "unchanged", gone.row: "done"}
    held = sim.holdings(token)["subscribers"]
    assert held[changed.email.casefold()][1] == ("webex_meetings",)
    assert gone.email.casefold() not in held


CRASH_POINTS = [
    (i, when) for i in (1, 2, 3, 4, 5, 6, 8, 10, 14, 20, 27, 33, 37) for when in ("before", "after")
]


@pytest.mark.parametrize(("index", "when"), CRASH_POINTS)
def test_crash_at_any_send_then_rerun_equals_a_clean_import(
    sim: Sim, sample_rows: ParsedWorkbook, tmp_path: Path, index: int, when: str
) -> None:
    plan = build_plan(sample_rows)
    token = sim.token(f"partner-{index}-{when}")
    journal = tmp_path / "j.sqlite"
    with pytest.raises(BaseExceptionGroup) as crashed:
        run_import(sim, token, plan, journal, crash=Crasher(index, when))
    assert crashed.value.subgroup(Crash) is not None
    with ProvisioningJournal(journal) as book:
        states = {e.state for e in book.entries().values()}
    assert OpState.SENT in states  # the crash left an unconfirmed operation behind
    report = run_import(sim, token, plan, journal)
    assert [o for o in report.outcomes if o.status != "done"] == []
    assert sim.holdings(token) == expected_holdings(sample_rows)


def test_rate_limits_and_server_errors_are_ridden_out_without_duplicates(
    sim: Sim, sample_rows: ParsedWorkbook, tmp_path: Path
) -> None:
    template = sample_rows.subscribers[0]
    many = [
        replace(
            template,
            row=i + 2,
            email=f"user{i:04d}@acmerobotics.example.com",
            package="webex_meetings",
            location_name="",
            phone_number="",
            extension="",
        )
        for i in range(300)
    ]
    customer = replace(sample_rows.customers[0], packages=("webex_meetings",))
    rows = ParsedWorkbook(customers=[customer], subscribers=many)
    token = sim.token()
    sim.faults(
        [
            {"method": "*", "route": "/v1/*", "status": 429, "rate": 0.2, "retryAfter": 0},
            {"method": "*", "route": "/v1/*", "status": 503, "rate": 0.1},
        ]
    )
    report = run_import(
        sim, token, build_plan(rows), tmp_path / "j.sqlite", concurrency=16, fast_retries=True
    )
    sim.faults([])
    assert report.counts == {"done": 301}, report.failed[:3]
    held = sim.holdings(token)["subscribers"]
    assert sorted(held) == sorted(s.email for s in many)


def test_a_row_changed_after_import_is_not_silently_skipped(
    sim: Sim, sample_rows: ParsedWorkbook, tmp_path: Path
) -> None:
    """Rerun with the same journal after editing a create row: the journal re-plans it and the
    importer says the resource exists with other values instead of reporting it done."""
    token = sim.token()
    journal = tmp_path / "j.sqlite"
    run_import(sim, token, build_plan(sample_rows), journal)
    moved = replace(sample_rows.customers[2], city="Potsdam")
    rows = replace(sample_rows, customers=[*sample_rows.customers[:2], moved])
    report = run_import(sim, token, build_plan(rows), journal)
    (failed,) = report.failed
    assert (failed.sheet, failed.row, failed.error_code) == ("Customers", moved.row, "api-conflict")
    assert "address.city" in (failed.error_message or "") and "update" in (
        failed.error_message or ""
    )
    assert report.nothing_changed


@pytest.mark.parametrize("index", [20, 27, 33, 37])
def test_a_create_the_server_was_still_finishing_after_a_crash_counts_as_done(
    sim: Sim,
    sample_rows: ParsedWorkbook,
    tmp_path: Path,
    index: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After a crash between an answer and its journal entry, the rerun's lookup can miss a
    create the server was still finishing; the resubmission then meets a 409 (or the existing
    Setup Assist request). That is the earlier run's own creation: the row is done."""
    plan = build_plan(sample_rows)
    token = sim.token(f"late-{index}")
    journal = tmp_path / "j.sqlite"
    with pytest.raises(BaseExceptionGroup):
        run_import(sim, token, plan, journal, crash=Crasher(index, "after"))
    with ProvisioningJournal(journal) as book:
        sent = {e.sheet for e in book.entries().values() if e.state is OpState.SENT}
    assert sent & {"Subscribers", "Setup Assist"}, sent

    def late(name: str) -> Any:
        """The first lookup of each resource misses it; later ones find it."""
        original, asked = getattr(WholesaleClient, name), set()

        async def lookup(self: WholesaleClient, *args: str) -> Any:
            if args in asked:
                return await original(self, *args)
            asked.add(args)
            return None

        return lookup

    for name in ("find_subscriber", "find_assist_request"):
        monkeypatch.setattr(WholesaleClient, name, late(name))
    report = run_import(sim, token, plan, journal)
    assert [o for o in report.outcomes if o.status != "done"] == []
    assert sim.holdings(token) == expected_holdings(sample_rows)
