"""The validator (offline) and the simulator (server side) report the same code for the same
Setup Assist violation: each case is fed to both — as a workbook to ``validate_workbook`` and as
API calls to a simulator whose clock stands at the workbook's ``--as-of`` date."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from bulk.partner import PartnerProfile
from bulk.rules.assist import Readiness
from bulk.rules.catalogue import Severity
from bulk.validation import validate_workbook
from tests.bulk.validator_support import minimal_rows, subscriber_rows, write_book
from tests.simulator.setup_assist_support import ADDRESSES, AssistWorld, request_body
from tests.simulator.support import Sim, running_simulator

PARTNERS = itertools.count(1)


@dataclass(frozen=True)
class Case:
    """One Setup Assist situation and the codes both sides must report for it."""

    name: str
    as_of: dt.date
    completion: dt.date
    expected: tuple[str, ...]
    where: str = "US-IL"
    seats: int = 2
    entitled: bool = True
    ready: bool = True
    duplicate: bool = False


TUESDAY = dt.date(2027, 6, 1)  # six business days later (US-IL) is 2027-06-09
THANKSGIVING_WEEK = dt.date(2026, 11, 19)  # Thursday; in New York 2026-11-30 is the earliest
CASES = [
    Case("six business days", TUESDAY, dt.date(2027, 6, 9), ()),
    Case("five business days", TUESDAY, dt.date(2027, 6, 8), ("assist-deadline",)),
    Case(
        "over Thanksgiving, five",
        THANKSGIVING_WEEK,
        dt.date(2026, 11, 27),
        ("assist-deadline",),
        "US-NY",
    ),
    Case("over Thanksgiving, six", THANKSGIVING_WEEK, dt.date(2026, 11, 30), (), "US-NY"),
    Case(
        "over a GB weekend, five",
        dt.date(2026, 6, 10),
        dt.date(2026, 6, 17),
        ("assist-deadline",),
        "GB",
    ),
    Case("date in the past", TUESDAY, dt.date(2027, 5, 31), ("assist-date-past",)),
    Case("no seats", TUESDAY, dt.date(2027, 6, 30), ("assist-no-seats",), seats=0),
    Case("five seats", TUESDAY, dt.date(2027, 6, 30), (), seats=5),
    Case("six seats", TUESDAY, dt.date(2027, 6, 30), (), seats=6),
    Case("not entitled", TUESDAY, dt.date(2027, 6, 30), ("assist-not-entitled",), entitled=False),
    Case("not ready", TUESDAY, dt.date(2027, 6, 30), ("assist-partner-not-ready",), ready=False),
    Case("second request", TUESDAY, dt.date(2027, 6, 30), ("assist-duplicate",), duplicate=True),
]


def _workbook_rows(case: Case) -> dict[str, list[dict[str, Any]]]:
    rows = minimal_rows()
    address = ADDRESSES[case.where]
    place = {
        "address_line1": address["addressLine1"],
        "city": address["city"],
        "state": address.get("stateOrProvince", ""),
        "postal_code": address["zipOrPostalCode"],
        "country": address["country"],
    }
    rows["Customers"][0].update(place)
    rows["Locations"][0].update(place, timezone="America/Chicago")
    rows["Subscribers"] = subscriber_rows(case.seats, phones=False)
    assist = rows["Setup Assist"][0]
    assist["requested_completion_date"] = case.completion
    if case.duplicate:
        rows["Setup Assist"].append({**assist, "contact_name": "Someone Else"})
    return rows


def _validator_codes(case: Case, tmp_path: Path) -> list[str]:
    partner = PartnerProfile(
        "acme", "USD", Decimal(0), case.entitled, Readiness(case.ready, case.ready, case.ready)
    )
    book = write_book(tmp_path / "book.xlsx", _workbook_rows(case))
    report = validate_workbook(book, as_of=case.as_of, partner=partner).report
    last_row = (
        max(i.row for i in report.issues if i.sheet == "Setup Assist") if case.duplicate else 2
    )
    return [
        i.code
        for i in report.issues
        if i.sheet == "Setup Assist" and i.severity is Severity.ERROR and i.row == last_row
    ]


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sim]:
    """One simulator for every case; each case is a partner of its own."""
    with running_simulator(tmp_path_factory.mktemp("assist-contract")) as running:
        yield running


def _simulator_codes(case: Case, sim: Sim) -> list[str]:
    world = AssistWorld(sim, partner=f"contract-{next(PARTNERS)}")
    world.set_clock(f"{case.as_of.isoformat()}T12:00:00Z")
    if case.entitled:
        assert world.order_a_wholesale().status_code == 201
    world.set_readiness(case.ready, case.ready, case.ready)
    customer, location = world.site("c1", seats=case.seats, where=case.where)
    body = request_body(customer, location, case.completion.isoformat())
    if case.duplicate:
        assert world.submit(body).status_code == 201
        body["contact"]["name"] = "Someone Else"
    answer = world.submit(body)
    if answer.status_code in (200, 201):
        return []
    return [e["code"] for e in answer.json()["errors"]]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_validator_and_simulator_report_the_same_codes(
    case: Case, sim: Sim, tmp_path: Path
) -> None:
    offline = _validator_codes(case, tmp_path)
    online = _simulator_codes(case, sim)
    assert offline == online == list(case.expected)
