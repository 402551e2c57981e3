"""A partner's overview: customers by status, subscribers by package, Setup Assist requests by
phase, and this month's billable totals so far.

The lifecycle engine moved everything due before the request reached this page (as for every
request), so the counts are what the API would answer now. The billable
totals are the lines the billing report itself would compute for the month to date
(:mod:`simulator.billing.report_csv`, on :mod:`bulk.rules.billing`): nothing is recomputed here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bulk.rules.assist import AssistSku, phases_for
from simulator.auth import Principal
from simulator.billing.report_csv import ReportContext, ReportLine, assist_lines, usage_lines
from simulator.customers import templates
from simulator.db.tables import BillingReport, Customer, Subscriber
from simulator.lifecycle import CUSTOMER_PENDING, AssistStatus, ReportStatus, SubscriberStatus
from simulator.runtime import Runtime
from simulator.setup_assist import project
from simulator.setup_assist.tables import AssistRequest


@dataclass(frozen=True, slots=True)
class CustomerUsage:
    """One customer's month to date for one package, as its report line counts it."""

    external_id: str
    user_days: int
    billable_units: int


@dataclass(frozen=True, slots=True)
class PackageTotal:
    """Month to date for one package: user-days and billable units over every customer (the
    units are rounded up per customer, then added: ``customers`` shows each)."""

    package: str
    user_days: int
    billable_units: int
    customers: tuple[CustomerUsage, ...] = ()


@dataclass(frozen=True, slots=True)
class MonthTotals:
    """This month's billable totals so far."""

    start: date
    end: date
    days: int
    packages: list[PackageTotal]
    one_time_lines: int
    one_time_amounts: dict[str, Decimal]


@dataclass(frozen=True, slots=True)
class PartnerOverview:
    """Everything the overview page shows."""

    customers_by_status: list[tuple[str, int]]
    subscribers_by_package: list[tuple[str, int]]
    assist_by_phase: list[tuple[str, int]]
    month: MonthTotals
    customers: int
    subscribers: int
    provisioning_ids: list[str]
    """The partner's customer templates' provisioning IDs."""


def partner_overview(runtime: Runtime, principal: Principal) -> PartnerOverview:
    """The overview of ``principal``'s partner at the simulator's now."""
    partner_id = principal.partner_id
    with runtime.store.transaction() as session:
        now = runtime.clock.now(runtime.store.state(session))
        by_status = _counts(session, Customer.status, Customer.partner_id == partner_id)
        by_package = _counts(session, Subscriber.package, Subscriber.partner_id == partner_id)
        assist = _assist_by_phase(session, partner_id)
        month = _month_totals(session, partner_id, now)
        provisioning_ids = templates.provisioning_ids(session, partner_id)
    return PartnerOverview(
        customers_by_status=by_status,
        subscribers_by_package=by_package,
        assist_by_phase=assist,
        month=month,
        customers=sum(n for _, n in by_status),
        subscribers=sum(n for _, n in by_package),
        provisioning_ids=provisioning_ids,
    )


def _counts(session: Session, column: object, condition: object) -> list[tuple[str, int]]:
    rows = session.execute(
        select(column, func.count()).where(condition).group_by(column)  # type: ignore[call-overload]
    ).all()
    return sorted(((str(key), int(count)) for key, count in rows), key=lambda r: r[0])


def _assist_by_phase(session: Session, partner_id: int) -> list[tuple[str, int]]:
    rows = session.execute(
        select(AssistRequest.sku, AssistRequest.status, AssistRequest.current_phase, func.count())
        .where(AssistRequest.partner_id == partner_id)
        .group_by(AssistRequest.sku, AssistRequest.status, AssistRequest.current_phase)
    ).all()
    counted: defaultdict[str, int] = defaultdict(int)
    for sku, status, phase, count in rows:
        counted[phase_label(sku, status, phase)] += int(count)
    return sorted(counted.items())


def phase_label(sku: str, status: str, phase: int) -> str:
    """``Standard · phase 3 of 8: Solution Design`` while running, else the SKU and status."""
    kind = sku.title()
    if status not in project.ACTIVE:
        return f"{kind} · {status}"
    phases = phases_for(AssistSku(sku))
    return f"{kind} · phase {phase} of {len(phases)}: {phases[phase - 1].name}"


def _month_totals(session: Session, partner_id: int, now: datetime) -> MonthTotals:
    today = now.date()
    start = today.replace(day=1)
    # A report that is never stored: it only tells the report's own line sources which partner
    # and period to compute, so the overview shows exactly what a report would charge.
    report = BillingReport(
        partner_id=partner_id,
        sub_partner_org_id=None,
        type="PARTNER",
        billing_start_date=start,
        billing_end_date=today,
        status_changed_at=now,
    )
    context = ReportContext(session, report)
    packages = _package_totals(list(usage_lines(context)))
    charges = list(assist_lines(context))
    amounts: defaultdict[str, Decimal] = defaultdict(Decimal)
    for line in charges:
        amounts[line.currency] += Decimal(line.amount)
    days = (today - start).days + 1
    return MonthTotals(start, today, days, packages, len(charges), dict(amounts))


def _package_totals(lines: list[ReportLine]) -> list[PackageTotal]:
    by_package: defaultdict[str, list[CustomerUsage]] = defaultdict(list)
    for line in lines:
        usage = CustomerUsage(
            line.external_customer_id or line.customer_id,
            int(line.user_days),
            int(line.billable_units),
        )
        by_package[line.package].append(usage)
    return [
        PackageTotal(
            package,
            sum(u.user_days for u in usages),
            sum(u.billable_units for u in usages),
            tuple(sorted(usages, key=lambda u: u.external_id)),
        )
        for package, usages in sorted(by_package.items())
    ]


def pending_count(runtime: Runtime, partner_id: int) -> int:
    """How many of the partner's resources are still on their way (customers provisioning,
    updating or deleting, consented user migrations, reports in progress, requests not yet
    accepted): while any is, pages refresh themselves."""
    with runtime.store.transaction() as session:
        queries = (
            select(func.count())
            .select_from(Customer)
            .where(
                Customer.partner_id == partner_id,
                Customer.status.in_(CUSTOMER_PENDING),
            ),
            select(func.count())
            .select_from(Subscriber)
            .where(
                Subscriber.partner_id == partner_id,
                Subscriber.status == SubscriberStatus.PENDING_USER_MIGRATION,
                Subscriber.consent_sent_at.is_not(None),
            ),
            select(func.count())
            .select_from(BillingReport)
            .where(
                BillingReport.partner_id == partner_id,
                BillingReport.status == ReportStatus.IN_PROGRESS,
            ),
            select(func.count())
            .select_from(AssistRequest)
            .where(
                AssistRequest.partner_id == partner_id,
                AssistRequest.status == AssistStatus.SUBMITTED,
            ),
        )
        return sum(int(session.scalar(q) or 0) for q in queries)


__all__ = [
    "CustomerUsage",
    "MonthTotals",
    "PackageTotal",
    "PartnerOverview",
    "partner_overview",
    "pending_count",
    "phase_label",
]
