"""Billing arithmetic: periods, user-days, billable units, one-time Setup Assist lines."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bulk.rules.assist import AssistOrder, AssistSku
from bulk.rules.billing import (
    MAX_REPORT_AGE_YEARS,
    Assignment,
    OneTimeLine,
    Period,
    assignment_days,
    assist_line,
    billable_units,
    billing_period_violations,
    month_period,
    periods_overlap,
    user_days,
    user_days_by_subscriber,
)
from bulk.rules.money import Charge

BASE = date(2026, 1, 1)
small_dates = st.integers(min_value=0, max_value=120).map(lambda n: BASE + timedelta(days=n))


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start = draw(small_dates)
    return Period(start, start + timedelta(days=draw(st.integers(0, 60))))


@st.composite
def assignments(draw: st.DrawFn) -> Assignment:
    start = draw(small_dates)
    length = draw(st.none() | st.integers(0, 90))
    return Assignment(
        customer=draw(st.sampled_from(["acme", "globex"])),
        subscriber=draw(st.sampled_from(["ann", "bob", "cy"])),
        package=draw(st.sampled_from(["webex_calling", "webex_meetings"])),
        start=start,
        end=None if length is None else start + timedelta(days=length),
    )


def days_of(p: Period) -> set[date]:
    return {p.start + timedelta(days=i) for i in range(p.days)}


def oracle_days(a: Assignment, p: Period) -> int:
    return sum(1 for d in days_of(p) if a.start <= d and (a.end is None or d < a.end))


@given(periods())
def test_period_days_counts_both_ends(p: Period) -> None:
    assert p.days == len(days_of(p)) >= 1


def test_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        Period(date(2026, 2, 2), date(2026, 2, 1))


@given(assignments(), periods())
def test_assignment_days_are_the_days_held_inside_the_period(a: Assignment, p: Period) -> None:
    assert assignment_days(a, p) == oracle_days(a, p)


def test_assignment_end_is_exclusive() -> None:
    march = month_period(2026, 3)
    a = Assignment("acme", "ann", "webex_calling", date(2026, 3, 1), date(2026, 3, 10))
    assert assignment_days(a, march) == 9
    ongoing = Assignment("acme", "ann", "webex_calling", date(2026, 3, 20), None)
    assert assignment_days(ongoing, march) == 12
    earlier = Assignment("acme", "ann", "webex_calling", date(2026, 1, 1), date(2026, 2, 1))
    assert assignment_days(earlier, march) == 0


def test_assignment_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        Assignment("acme", "ann", "webex_calling", date(2026, 3, 2), date(2026, 3, 1))


@given(st.lists(assignments(), max_size=12), periods())
def test_user_days_sum_the_assignments_per_key(found: list[Assignment], p: Period) -> None:
    per_customer = user_days(found, p)
    per_subscriber = user_days_by_subscriber(found, p)
    for (customer, package), total in per_customer.items():
        assert total == sum(
            assignment_days(a, p) for a in found if (a.customer, a.package) == (customer, package)
        )
    for (customer, subscriber, package), total in per_subscriber.items():
        assert total == sum(
            assignment_days(a, p)
            for a in found
            if (a.customer, a.subscriber, a.package) == (customer, subscriber, package)
        )
    assert all(v > 0 for v in [*per_customer.values(), *per_subscriber.values()])
    assert sum(per_customer.values()) == sum(per_subscriber.values())
    assert sum(per_customer.values()) == sum(assignment_days(a, p) for a in found)


@given(st.lists(assignments(), max_size=12), periods(), st.integers(1, 60))
def test_user_days_of_a_split_period_add_up_to_the_whole(
    found: list[Assignment], p: Period, offset: int
) -> None:
    at = p.start + timedelta(days=min(offset, p.days - 1))
    if p.days == 1:
        with pytest.raises(ValueError, match="cannot split"):
            p.split(at)
        return
    first, second = p.split(at)
    assert first.days + second.days == p.days
    assert (first.start, first.end + timedelta(days=1), second.end) == (
        p.start,
        second.start,
        p.end,
    )
    whole, a, b = user_days(found, p), user_days(found, first), user_days(found, second)
    for key in whole.keys() | a.keys() | b.keys():
        assert whole.get(key, 0) == a.get(key, 0) + b.get(key, 0)


@pytest.mark.parametrize("at", [date(2026, 3, 1), date(2026, 4, 1), date(2026, 2, 1)])
def test_split_point_must_leave_a_day_on_each_side(at: date) -> None:
    with pytest.raises(ValueError, match="cannot split"):
        month_period(2026, 3).split(at)


@given(st.integers(0, 10_000), periods())
def test_billable_units_are_the_fewest_that_cover_the_user_days(ud: int, p: Period) -> None:
    units = billable_units(ud, p)
    assert units * p.days >= ud
    assert units == 0 or (units - 1) * p.days < ud


def test_billable_units_examples() -> None:
    march = month_period(2026, 3)
    assert billable_units(0, march) == 0
    assert billable_units(1, march) == 1
    assert billable_units(31, march) == 1
    assert billable_units(32, march) == 2
    with pytest.raises(ValueError, match="negative"):
        billable_units(-1, march)


def test_month_periods() -> None:
    assert month_period(2026, 12) == Period(date(2026, 12, 1), date(2026, 12, 31))
    assert month_period(2028, 2).days == 29
    assert month_period(2026, 2).days == 28


def test_assist_line_is_dated_the_acceptance_day() -> None:
    order = AssistOrder(AssistSku.STANDARD, 12, 12)
    charge = Charge(Decimal("31.50"), 12, Decimal("378.00"), "USD")
    line = assist_line("acme", "HQ", order, charge, date(2026, 11, 25))
    assert line == OneTimeLine(
        "acme",
        "HQ",
        AssistSku.STANDARD,
        12,
        Decimal("31.50"),
        Decimal("378.00"),
        "USD",
        date(2026, 11, 25),
    )


@given(
    st.dates(date(2015, 1, 1), date(2035, 12, 31)),
    st.dates(date(2015, 1, 1), date(2035, 12, 31)),
    st.dates(date(2020, 1, 1), date(2030, 12, 31)),
)
def test_billing_period_violations(start: date, end: date, today: date) -> None:
    found = billing_period_violations(start, end, today)
    assert all(v.code == "billing-period-invalid" for v in found)
    reasons = " ".join(v.params["reason"] for v in found)
    assert ("ends before it starts" in reasons) == (end < start)
    assert ("must end before today" in reasons) == (end >= today)
    too_old = (today - start).days > 366 * MAX_REPORT_AGE_YEARS
    if too_old:
        assert "more than five years" in reasons
    if (today - start).days < 365 * MAX_REPORT_AGE_YEARS:
        assert "more than five years" not in reasons
    for v in found:
        assert start.isoformat() in v.message and end.isoformat() in v.message


def test_billing_period_examples() -> None:
    today = date(2026, 11, 25)
    assert billing_period_violations(date(2026, 10, 1), date(2026, 10, 31), today) == []
    assert billing_period_violations(date(2021, 11, 25), date(2021, 12, 31), today) == []
    (old,) = billing_period_violations(date(2021, 11, 24), date(2021, 12, 31), today)
    assert old.code == "billing-period-invalid" and "before 2021-11-25" in old.message
    (late,) = billing_period_violations(date(2026, 11, 1), today, today)
    assert "must end before today (2026-11-25)" in late.message
    # 29 February has no counterpart five years back: the limit is 28 February.
    assert billing_period_violations(date(2023, 2, 28), date(2023, 3, 1), date(2028, 2, 29)) == []
    (leap,) = billing_period_violations(date(2023, 2, 27), date(2023, 3, 1), date(2028, 2, 29))
    assert leap.code == "billing-period-invalid" and leap.field == "period"
    assert "more than five years ago (before 2023-02-28)" in leap.message


@given(periods(), periods())
def test_periods_overlap_exactly_when_they_share_a_day(a: Period, b: Period) -> None:
    assert periods_overlap(a, b) == bool(days_of(a) & days_of(b))
    assert periods_overlap(a, b) == periods_overlap(b, a)
