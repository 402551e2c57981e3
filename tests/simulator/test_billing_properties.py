"""Properties of the billing report CSV for any assignment history and any period:

* report totals equal the sum of their lines — the per-customer lines of CUSTOMER and PARTNER
  reports equal the sums of the USER report's per-subscriber lines, and both equal a day-by-day
  count of the history; the one-time lines add up to the requests accepted in the period;
* user-days of two adjoining periods add up to those of the period covering both, and their
  one-time lines together are the covering period's.

The history is written straight into the simulator's tables and the CSV built by the core's
``build_csv`` (no HTTP: many examples stay fast)."""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import delete
from sqlalchemy.orm import Session

from simulator.billing.report_csv import ReportContext, build_csv
from simulator.db.store import Store
from simulator.db.tables import BillingReport, PackageAssignment, Partner
from simulator.setup_assist.tables import AssistRequest

EPOCH = date(2026, 1, 1)
PACKAGES = ("webex_calling", "webex_meetings", "webex_suite")
CUSTOMERS = ("c1", "c2")


@dataclass(frozen=True)
class Held:
    """A package a subscriber held from ``start`` (inclusive) to ``end`` (exclusive)."""

    customer: str
    subscriber: str
    package: str
    start: datetime
    end: datetime | None

    def days_in(self, first: date, last: date) -> int:
        """Day-by-day count: the oracle the report is checked against."""
        count = 0
        day = first
        while day <= last:
            ends = self.end.date() if self.end else None
            if self.start.date() <= day and (ends is None or day < ends):
                count += 1
            day += timedelta(days=1)
        return count


@dataclass(frozen=True)
class Accepted:
    """A Setup Assist request accepted at ``at`` for ``amount``."""

    customer: str
    location: str
    at: datetime
    amount: Decimal


def _instant(days: int, hours: int) -> datetime:
    return datetime.combine(EPOCH + timedelta(days=days), time(hours), UTC)


held = st.builds(
    lambda c, s, p, d, h, length: Held(
        c, f"{c}-s{s}", p, _instant(d, h), None if length is None else _instant(d + length, h)
    ),
    st.sampled_from(CUSTOMERS),
    st.integers(0, 4),
    st.sampled_from(PACKAGES),
    st.integers(0, 120),
    st.integers(0, 23),
    st.none() | st.integers(0, 90),
)
accepted = st.builds(
    lambda c, n, d, h, cents: Accepted(c, f"loc-{n}", _instant(d, h), Decimal(cents) / 100),
    st.sampled_from(CUSTOMERS),
    st.integers(0, 999),
    st.integers(0, 150),
    st.integers(0, 23),
    st.integers(1, 500_000),
)
periods = st.tuples(st.integers(0, 140), st.integers(1, 62)).map(
    lambda p: (EPOCH + timedelta(days=p[0]), EPOCH + timedelta(days=p[0] + p[1] - 1))
)


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    """One in-memory simulator database for every example (emptied between them)."""
    found = Store("sqlite://")
    found.create(transition_mode="immediate", delay_seconds=0)
    yield found
    found.dispose()


def _seed(session: Session, history: list[Held], charges: list[Accepted]) -> int:
    for table in (PackageAssignment, AssistRequest, Partner):
        session.execute(delete(table))
    partner = Partner(name="acme", org_id="org-acme", created_at=_instant(0, 0))
    session.add(partner)
    session.flush()
    for h in history:
        session.add(
            PackageAssignment(
                partner_id=partner.id,
                customer_id=h.customer,
                external_customer_id=f"ext-{h.customer}",
                subscriber_id=h.subscriber,
                email=f"{h.subscriber}@example.com",
                package=h.package,
                start=h.start,
                end=h.end,
            )
        )
    for n, a in enumerate(charges):
        session.add(_request(partner.id, n, a))
    session.flush()
    return partner.id


def _request(partner_id: int, n: int, a: Accepted) -> AssistRequest:
    return AssistRequest(
        id=f"req-{n}",
        partner_id=partner_id,
        customer_id=a.customer,
        external_customer_id=f"ext-{a.customer}",
        location_id=f"{a.location}-{n}",
        active_location_id=None,
        location_name=a.location,
        country="US",
        subdivision=None,
        seats=1,
        sku="EXPRESS",
        quantity=1,
        unit_net_price=str(a.amount),
        amount=str(a.amount),
        currency="USD",
        status="completed",
        requested_completion_date=a.at.date(),
        earliest_completion_date=a.at.date(),
        body={},
        fingerprint="x",
        submitted_at=a.at,
        accepted_at=a.at,
        current_phase=2,
        status_changed_at=a.at,
    )


def _report(
    session: Session, partner_id: int, kind: str, first: date, last: date
) -> list[dict[str, str]]:
    now = _instant(400, 0)
    report = BillingReport(
        id=f"r-{kind}-{first}-{last}",
        partner_id=partner_id,
        type=kind,
        billing_start_date=first,
        billing_end_date=last,
        internal=False,
        status="COMPLETED",
        outcome="COMPLETED",
        created_by="test",
        created_at=now,
        status_changed_at=now,
    )
    return list(csv.DictReader(io.StringIO(build_csv(ReportContext(session, report)))))


def _usage(lines: list[dict[str, str]]) -> Counter[tuple[str, str]]:
    totals: Counter[tuple[str, str]] = Counter()
    for line in lines:
        if line["line_type"] == "usage":
            totals[(line["customer_id"], line["package"])] += int(line["user_days"])
    return totals


def _one_time(lines: list[dict[str, str]]) -> list[dict[str, str]]:
    return [line for line in lines if line["line_type"] == "one_time"]


def _charges(lines: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    return sorted(
        (line["location_id"], line["charge_date"], line["amount"])
        for line in lines
        if line["line_type"] == "one_time"
    )


@settings(max_examples=60)
@given(st.lists(held, max_size=25), st.lists(accepted, max_size=6), periods)
def test_report_totals_equal_the_sum_of_their_lines(
    store: Store, history: list[Held], charges: list[Accepted], period: tuple[date, date]
) -> None:
    first, last = period
    days = (last - first).days + 1
    with store.transaction() as session:
        partner = _seed(session, history, charges)
        by_kind = {
            k: _report(session, partner, k, first, last) for k in ("PARTNER", "CUSTOMER", "USER")
        }
        session.rollback()
    oracle: Counter[tuple[str, str]] = Counter()
    for h in history:
        oracle[(h.customer, h.package)] += h.days_in(first, last)
    expected = +oracle  # pairs with no user-days have no line
    assert _usage(by_kind["USER"]) == _usage(by_kind["CUSTOMER"]) == expected
    # PARTNER: the partner-level breakdown, one line per package for the whole partner.
    whole: Counter[tuple[str, str]] = Counter()
    for (_customer, package), user_days in expected.items():
        whole[("", package)] += user_days
    assert _usage(by_kind["PARTNER"]) == whole
    assert _one_time(by_kind["PARTNER"]) == _one_time(by_kind["CUSTOMER"])
    for line in by_kind["PARTNER"] + by_kind["CUSTOMER"] + by_kind["USER"]:
        if line["line_type"] == "usage":
            assert int(line["billable_units"]) == math.ceil(int(line["user_days"]) / days)
    in_period = [a for a in charges if first <= a.at.date() <= last]
    one_time = [line for line in by_kind["CUSTOMER"] if line["line_type"] == "one_time"]
    assert sum(Decimal(line["amount"]) for line in one_time) == sum(a.amount for a in in_period)
    assert len(one_time) == len(in_period)


@settings(max_examples=60)
@given(st.lists(held, max_size=25), st.lists(accepted, max_size=6), periods, st.data())
def test_adjoining_periods_add_up_to_the_covering_period(
    store: Store,
    history: list[Held],
    charges: list[Accepted],
    period: tuple[date, date],
    data: st.DataObject,
) -> None:
    first, last = period
    if first == last:
        last = first + timedelta(days=1)
    cut = data.draw(st.integers(1, (last - first).days), label="cut")
    middle = first + timedelta(days=cut)
    with store.transaction() as session:
        partner = _seed(session, history, charges)
        for kind in ("CUSTOMER", "USER"):
            whole = _report(session, partner, kind, first, last)
            before = _report(session, partner, kind, first, middle - timedelta(days=1))
            after = _report(session, partner, kind, middle, last)
            assert _usage(before) + _usage(after) == _usage(whole)
            assert sorted(_charges(before) + _charges(after)) == _charges(whole)
        session.rollback()
