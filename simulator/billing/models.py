"""The billing reports backend: one method per operation of ``/v1/wholesale/billing/reports``.

A report starts ``IN_PROGRESS`` and, when the lifecycle engine finds it due
(:mod:`simulator.lifecycle.engine`, which calls :func:`complete`), becomes ``COMPLETED`` (its
CSV computed then, from the assignment history, and stored) or ``FAILED``
(when a fault rule with ``outcome: FAILED`` fired at creation).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bulk.rules.billing import Period, billing_period_violations, periods_overlap
from bulk.rules.violations import RuleViolation, Violation
from simulator import faults, ids
from simulator.auth import Principal
from simulator.billing.report_csv import ReportContext, build_csv
from simulator.billing.schemas import ReportCreate
from simulator.db.tables import BillingReport, SimState, StatusChange
from simulator.errors import SimulatorError, invalid
from simulator.lifecycle import REPORT_MOVES, ReportStatus, check_move
from simulator.paging import Page, Window
from simulator.runtime import Runtime
from simulator.subpartners.models import acting_sub_partner

REPORTS_PATH = "/v1/wholesale/billing/reports"
LINK_LIFETIME = timedelta(hours=1)
SORT_COLUMNS = {
    "id": BillingReport.id,
    "billingStartDate": BillingReport.billing_start_date,
    "billingEndDate": BillingReport.billing_end_date,
    "status": BillingReport.status,
}


class BillingBackend:
    """``/v1/wholesale/billing/reports`` for one partner."""

    def __init__(self, runtime: Runtime, principal: Principal) -> None:
        self.runtime = runtime
        self.principal = principal

    def list(
        self,
        *,
        start: str | None,
        end: str | None,
        report_type: str | None,
        status: str | None,
        sub_partner: str | None,
        sort_by: str | None,
        window: Window,
    ) -> Page[BillingReport]:
        """The partner's reports matching every given filter."""
        column = SORT_COLUMNS.get(sort_by or "billingStartDate")
        if column is None:
            raise invalid("sortBy must be one of " + ", ".join(SORT_COLUMNS), "sortBy")
        query = select(BillingReport).where(BillingReport.partner_id == self.principal.partner_id)
        if start:
            query = query.where(
                BillingReport.billing_start_date == _date("billingStartDate", start)
            )
        if end:
            query = query.where(BillingReport.billing_end_date == _date("billingEndDate", end))
        if report_type:
            query = query.where(BillingReport.type == report_type)
        if sub_partner:
            query = query.where(BillingReport.sub_partner_org_id == sub_partner)
        with self.runtime.store.transaction() as session:
            if status:
                query = query.where(BillingReport.status == status)
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = session.scalars(
                query.order_by(column, BillingReport.id).offset(window.offset).limit(window.limit)
            ).all()
        return Page(rows, window, total)

    def create(self, body: ReportCreate) -> BillingReport:
        """Start a report over a valid period not already covered by one of the same type."""
        with self.runtime.store.transaction() as session:
            acting_sub_partner(session, self.principal, body.sub_partner_org_id, changing=False)
            state = self.runtime.store.state(session)
            now = self.runtime.clock.now(state)
            violations = billing_period_violations(
                body.billing_start_date, body.billing_end_date, now.date()
            )
            if violations:
                raise RuleViolation(violations)
            self._refuse_overlap(session, body)
            outcome = faults.outcome(session, state, "POST", REPORTS_PATH)
            report = BillingReport(
                id=ids.new_id(ids.BILLING_REPORT),
                partner_id=self.principal.partner_id,
                sub_partner_org_id=body.sub_partner_org_id,
                type=body.type,
                billing_start_date=body.billing_start_date,
                billing_end_date=body.billing_end_date,
                internal=body.internal,
                status=ReportStatus.IN_PROGRESS,
                outcome=ReportStatus.FAILED if outcome == "FAILED" else ReportStatus.COMPLETED,
                created_by=self.principal.person_id,
                created_at=now,
                status_changed_at=now,
            )
            session.add(report)
            _record(session, report, now)
            return report

    def get(self, report_id: str) -> tuple[BillingReport, dict[str, str] | None]:
        """One report and, once completed, a fresh signed download query."""
        with self.runtime.store.transaction() as session:
            report = self._owned(session, report_id)
            state = self.runtime.store.state(session)
            return report, download_query(state, report, self.runtime.clock.now(state))

    def delete(self, report_id: str) -> None:
        """Delete a report."""
        with self.runtime.store.transaction() as session:
            session.delete(self._owned(session, report_id))

    def _owned(self, session: Session, report_id: str) -> BillingReport:
        report = session.get(BillingReport, report_id)
        if report is None or report.partner_id != self.principal.partner_id:
            raise SimulatorError("billing-report-not-found", field="id")
        return report

    def _refuse_overlap(self, session: Session, body: ReportCreate) -> None:
        wanted = Period(body.billing_start_date, body.billing_end_date)
        same_type = session.scalars(
            select(BillingReport).where(
                BillingReport.partner_id == self.principal.partner_id,
                BillingReport.type == body.type,
                BillingReport.status != ReportStatus.FAILED,
                BillingReport.sub_partner_org_id.is_(None)
                if body.sub_partner_org_id is None
                else BillingReport.sub_partner_org_id == body.sub_partner_org_id,
            )
        ).all()
        for other in same_type:
            if periods_overlap(wanted, Period(other.billing_start_date, other.billing_end_date)):
                raise RuleViolation(
                    [
                        Violation.of(
                            "billing-period-duplicate",
                            "period",
                            type=body.type,
                            start=body.billing_start_date.isoformat(),
                            end=body.billing_end_date.isoformat(),
                            existing=other.id,
                        )
                    ]
                )


def _date(name: str, value: str) -> object:
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise invalid(f"{name} must be a date (YYYY-MM-DD), not '{value}'", name) from None


def complete(
    session: Session, report: BillingReport, now: datetime, target: ReportStatus | None = None
) -> None:
    """Move an in-progress report to ``target`` (or its planned outcome), computing its CSV
    (the lifecycle engine calls it when the report is due, ``/_sim/.../advance`` at once)."""
    if report.status != ReportStatus.IN_PROGRESS:
        raise invalid(f"billing report {report.id} is {report.status}, not IN_PROGRESS")
    outcome = target or ReportStatus(report.outcome)
    report.status = check_move(REPORT_MOVES, report.status, outcome)
    report.status_changed_at = now
    if report.status == ReportStatus.COMPLETED:
        report.csv = build_csv(ReportContext(session, report))
    _record(session, report, now)


def _record(session: Session, report: BillingReport, now: datetime) -> None:
    session.add(
        StatusChange(
            partner_id=report.partner_id,
            resource_type="billing_report",
            resource_id=report.id,
            status=report.status,
            at=now,
        )
    )


def signature(secret: str, report_id: str, expires: int) -> str:
    """The HMAC-SHA256 signature of a download link."""
    message = f"{report_id}:{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def download_query(state: SimState, report: BillingReport, now: datetime) -> dict[str, str] | None:
    """``exp`` and ``sig`` of a fresh download link, or None unless the report is completed."""
    if report.status != ReportStatus.COMPLETED:
        return None
    expires = int((now + LINK_LIFETIME).timestamp())
    return {"exp": str(expires), "sig": signature(state.signing_secret, report.id, expires)}


class ReportFiles:
    """Serves completed reports' CSVs behind signed, expiring links (no bearer token)."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    def read(self, report_id: str, expires: str, sig: str) -> str:
        """The CSV of a report, if the link is genuine and unexpired."""
        with self.runtime.store.transaction() as session:
            state = self.runtime.store.state(session)
            now = self.runtime.clock.now(state)
            deadline = _epoch_seconds(expires)
            report = session.get(BillingReport, report_id)
            if (
                deadline is None
                or not hmac.compare_digest(
                    sig.encode(), signature(state.signing_secret, report_id, deadline).encode()
                )
                or deadline < now.timestamp()
                or report is None
                or report.csv is None
            ):
                raise SimulatorError("api-download-link-invalid")
            return report.csv


def _epoch_seconds(text: str) -> int | None:
    """A link's ``exp`` as epoch seconds, or None unless it is ASCII digits ``int`` reads
    (``"²".isdigit()`` is true, and ``int`` refuses more than 4,300 digits)."""
    if not (text.isascii() and text.isdigit()):
        return None
    try:
        return int(text)
    except ValueError:
        return None


__all__ = [
    "LINK_LIFETIME",
    "REPORTS_PATH",
    "SORT_COLUMNS",
    "BillingBackend",
    "ReportFiles",
    "complete",
    "download_query",
    "signature",
]
