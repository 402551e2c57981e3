"""Billing arithmetic (docs/design.md §3 item 7): package user-days over a period, billable
units, and the one-time Setup Assist lines of the billing reconciliation report.

Periods are whole days, both ends inclusive. Assignments run from their start (inclusive) to their
end (exclusive), so a package removed on the 10th was held on the 9th but not on the 10th."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from bulk.rules.assist import AssistOrder, AssistSku
from bulk.rules.money import Charge
from bulk.rules.violations import Violation

MAX_REPORT_AGE_YEARS = 5
"""How far back a billing report may start."""

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """A billing period from ``start`` to ``end``, both inclusive (``end`` ≥ ``start``)."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    @property
    def days(self) -> int:
        """How many days the period has (at least 1)."""
        return (self.end - self.start).days + 1

    def split(self, at: date) -> tuple[Period, Period]:
        """The period cut before ``at``: ``start..at-1`` and ``at..end``; ``at`` must be after
        ``start`` and not after ``end`` so both halves have a day."""
        if not self.start < at <= self.end:
            raise ValueError(f"cannot split {self.start}..{self.end} at {at}")
        return Period(self.start, at - _ONE_DAY), Period(at, self.end)


def month_period(year: int, month: int) -> Period:
    """The calendar month ``year``-``month`` as a period."""
    start = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return Period(start, following - _ONE_DAY)


@dataclass(frozen=True)
class Assignment:
    """A package held by a subscriber of a customer from ``start`` (inclusive) to ``end``
    (exclusive); ``end`` is ``None`` while it is still assigned."""

    customer: str
    subscriber: str
    package: str
    start: date
    end: date | None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"assignment ends ({self.end}) before it starts ({self.start})")


def assignment_days(a: Assignment, period: Period) -> int:
    """On how many days of ``period`` the package was assigned."""
    first = max(a.start, period.start)
    after_last = period.end + _ONE_DAY if a.end is None else min(a.end, period.end + _ONE_DAY)
    return max(0, (after_last - first).days)


def user_days(assignments: Iterable[Assignment], period: Period) -> dict[tuple[str, str], int]:
    """Package user-days in ``period`` per (customer, package); pairs with none are left out."""
    totals: defaultdict[tuple[str, str], int] = defaultdict(int)
    for a in assignments:
        days = assignment_days(a, period)
        if days:
            totals[(a.customer, a.package)] += days
    return dict(totals)


def user_days_by_subscriber(
    assignments: Iterable[Assignment], period: Period
) -> dict[tuple[str, str, str], int]:
    """Package user-days in ``period`` per (customer, subscriber, package), for USER reports."""
    totals: defaultdict[tuple[str, str, str], int] = defaultdict(int)
    for a in assignments:
        days = assignment_days(a, period)
        if days:
            totals[(a.customer, a.subscriber, a.package)] += days
    return dict(totals)


def billable_units(user_days: int, period: Period) -> int:
    """``ceil(user_days / days in period)``, the fewest units covering the user-days."""
    if user_days < 0:
        raise ValueError(f"user-days cannot be negative: {user_days}")
    return -(-user_days // period.days)


@dataclass(frozen=True)
class OneTimeLine:
    """A one-time Setup Assist charge in the billing report, dated the day the request was
    accepted."""

    customer: str
    location: str
    sku: AssistSku
    quantity: int
    unit_net_price: Decimal
    amount: Decimal
    currency: str
    day: date


def assist_line(
    customer: str, location: str, order: AssistOrder, charge: Charge, accepted_on: date
) -> OneTimeLine:
    """The report line for an accepted Setup Assist request: Express quantity 1, Standard
    quantity = seats, priced as ``charge`` says."""
    return OneTimeLine(
        customer=customer,
        location=location,
        sku=order.sku,
        quantity=charge.quantity,
        unit_net_price=charge.unit_net_price,
        amount=charge.amount,
        currency=charge.currency,
        day=accepted_on,
    )


def billing_period_violations(start: date, end: date, today: date) -> list[Violation]:
    """Why a requested report period is invalid (one ``billing-period-invalid`` per reason): it
    ends before it starts, it is not fully in the past, or it starts more than five years ago."""
    reasons: list[str] = []
    if end < start:
        reasons.append("it ends before it starts")
    if end >= today:
        reasons.append(f"it must end before today ({today.isoformat()})")
    oldest = _years_before(today, MAX_REPORT_AGE_YEARS)
    if start < oldest:
        reasons.append(f"it starts more than five years ago (before {oldest.isoformat()})")
    dates = {"start": start.isoformat(), "end": end.isoformat()}
    return [Violation.of("billing-period-invalid", "period", reason=r, **dates) for r in reasons]


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def periods_overlap(a: Period, b: Period) -> bool:
    """Whether the two periods share at least one day."""
    return a.start <= b.end and b.start <= a.end


__all__ = [
    "MAX_REPORT_AGE_YEARS",
    "Assignment",
    "OneTimeLine",
    "Period",
    "assignment_days",
    "assist_line",
    "billable_units",
    "billing_period_violations",
    "month_period",
    "periods_overlap",
    "user_days",
    "user_days_by_subscriber",
]
