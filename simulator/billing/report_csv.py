"""The billing report CSV, computed from the package-assignment history.

Usage lines come from :mod:`bulk.rules.billing` (package user-days per customer — and per
subscriber for USER reports — and billable units); Setup Assist's one-time charges (issue 5)
from :mod:`simulator.setup_assist.charges`. Each kind of line is a function in
:data:`LINE_SOURCES` that takes the :class:`ReportContext` and yields :class:`ReportLine`s.
The columns are documented in docs/billing.md. Every cell goes through
:func:`bulk.rules.spreadsheet_text.neutralised_csv`, so a spreadsheet shows text that starts like
a formula (``=``, ``+``, ``-``, ``@``) as text; the JSON API keeps the exact values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time
from itertools import chain

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bulk.rules.billing import (
    Assignment,
    Period,
    billable_units,
    user_days,
    user_days_by_subscriber,
)
from bulk.rules.spreadsheet_text import neutralised_csv
from simulator.db.tables import BillingReport, PackageAssignment
from simulator.setup_assist.charges import accepted_charges


@dataclass(frozen=True, slots=True)
class ReportLine:
    """One CSV row. Usage lines fill the usage columns; one-time lines the charge columns."""

    line_type: str
    customer_id: str
    external_customer_id: str = ""
    subscriber_id: str = ""
    email: str = ""
    package: str = ""
    sku: str = ""
    start_date: str = ""
    end_date: str = ""
    user_days: str = ""
    billable_units: str = ""
    quantity: str = ""
    unit_net_price: str = ""
    amount: str = ""
    currency: str = ""
    charge_date: str = ""
    location_id: str = ""
    location_name: str = ""


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(ReportLine))


@dataclass(frozen=True, slots=True)
class ReportContext:
    """What a line source needs: the report, its period and the database session."""

    session: Session
    report: BillingReport

    @property
    def period(self) -> Period:
        """The report's billing period."""
        return Period(self.report.billing_start_date, self.report.billing_end_date)


LineSource = Callable[[ReportContext], Iterable[ReportLine]]


def _assignments(context: ReportContext) -> list[tuple[Assignment, PackageAssignment]]:
    report = context.report
    period = context.period
    query = select(PackageAssignment).where(
        PackageAssignment.partner_id == report.partner_id,
        or_(PackageAssignment.end.is_(None), PackageAssignment.end >= _midnight(period.start)),
    )
    if report.sub_partner_org_id:
        query = query.where(PackageAssignment.sub_partner_org_id == report.sub_partner_org_id)
    found = []
    for row in context.session.scalars(query.order_by(PackageAssignment.id)):
        start = row.start.date()
        end = row.end.date() if row.end else None
        if end is not None and end < start:
            continue
        found.append((Assignment(row.customer_id, row.subscriber_id, row.package, start, end), row))
    return found


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def usage_lines(context: ReportContext) -> Iterator[ReportLine]:
    """Package user-days and billable units per customer (and subscriber, for USER reports)."""
    period = context.period
    pairs = _assignments(context)
    externals = {a.customer: row.external_customer_id for a, row in pairs}
    emails = {a.subscriber: row.email for a, row in pairs}
    dates = {"start_date": period.start.isoformat(), "end_date": period.end.isoformat()}
    if context.report.type == "USER":
        per_user = user_days_by_subscriber([a for a, _ in pairs], period)
        for (customer, subscriber, package), days in sorted(per_user.items()):
            yield ReportLine(
                "usage",
                customer,
                externals[customer],
                subscriber,
                emails[subscriber],
                package,
                user_days=str(days),
                billable_units=str(billable_units(days, period)),
                **dates,
            )
        return
    per_customer = user_days([a for a, _ in pairs], period)
    if context.report.type == "PARTNER":
        yield from _partner_lines(per_customer, period, dates)
        return
    for (customer, package), days in sorted(per_customer.items()):
        yield ReportLine(
            "usage",
            customer,
            externals[customer],
            package=package,
            user_days=str(days),
            billable_units=str(billable_units(days, period)),
            **dates,
        )


def _partner_lines(
    per_customer: dict[tuple[str, str], int], period: Period, dates: dict[str, str]
) -> Iterator[ReportLine]:
    """The partner-level breakdown: one line per package for the whole partner (no customer),
    its user-days added up over the customers and billed as a whole."""
    per_package: dict[str, int] = {}
    for (_customer, package), days in per_customer.items():
        per_package[package] = per_package.get(package, 0) + days
    for package, days in sorted(per_package.items()):
        yield ReportLine(
            "usage",
            "",
            package=package,
            user_days=str(days),
            billable_units=str(billable_units(days, period)),
            **dates,
        )


def assist_lines(context: ReportContext) -> Iterator[ReportLine]:
    """Setup Assist's one-time charges accepted in the period (issue 5; docs/billing.md)."""
    period = context.period
    report = context.report
    for charge in accepted_charges(context.session, report):
        line = charge.line
        yield ReportLine(
            "one_time",
            line.customer,
            charge.external_customer_id,
            sku=line.sku.value,
            start_date=period.start.isoformat(),
            end_date=period.end.isoformat(),
            quantity=str(line.quantity),
            unit_net_price=str(line.unit_net_price),
            amount=str(line.amount),
            currency=line.currency,
            charge_date=line.day.isoformat(),
            location_id=line.location,
            location_name=charge.location_name,
        )


LINE_SOURCES: list[LineSource] = [usage_lines, assist_lines]
"""Every source of report lines, in CSV order."""


def build_csv(context: ReportContext) -> str:
    """The complete CSV text of a report, every cell neutralised for spreadsheets."""
    lines = (
        [getattr(line, c) for c in COLUMNS] for source in LINE_SOURCES for line in source(context)
    )
    return neutralised_csv(chain([COLUMNS], lines))
