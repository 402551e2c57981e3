"""``reconcile``: compare a billing report with an import journal and list every difference.

Only customers the journal knows are compared (a partner's report covers every customer it
has, a journal one workbook); ``all_customers=True`` also reports charges for the others as
unexpected. The result carries the differences, sorted by customer, location and subscriber,
and a summary for the terminal, the JSON file and the workbook.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bulk.billing.assist_check import assist_differences
from bulk.billing.differences import Difference
from bulk.billing.journal_view import JournalFacts
from bulk.billing.package_check import (
    customer_differences,
    partner_differences,
    user_differences,
)
from bulk.billing.prices import Prices
from bulk.billing.report_file import BillingReportFile
from bulk.rules.catalogue import Severity


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """The outcome of one comparison."""

    report: BillingReportFile
    journal: JournalFacts
    currency: str
    differences: tuple[Difference, ...]
    lines_not_compared: int

    @property
    def errors(self) -> int:
        """Differences that make the comparison fail (exit 1)."""
        return sum(d.severity is Severity.ERROR for d in self.differences)

    @property
    def warnings(self) -> int:
        """Differences listed but not failing (``reconcile-partial-usage``)."""
        return len(self.differences) - self.errors

    @property
    def amount_at_stake(self) -> Decimal:
        """Net money of the differences: charged minus expected (positive: overcharged)."""
        return sum((d.amount for d in self.differences if d.amount is not None), Decimal(0))

    @property
    def one_time_total(self) -> Decimal:
        """What the report's one-time lines charge in all."""
        return sum((c.amount for c in self.report.charges), Decimal(0))

    def summary(self) -> dict[str, Any]:
        """Counts and totals (JSON-ready)."""
        period = self.report.period
        return {
            "report": str(self.report.path),
            "journal": str(self.journal.path),
            "period": None if period is None else {"start": str(period[0]), "end": str(period[1])},
            "report_kind": self.report.kind,
            "usage_lines": len(self.report.usage),
            "one_time_lines": len(self.report.charges),
            "one_time_total": str(self.one_time_total),
            "journal_subscribers": len(self.journal.subscribers),
            "journal_assist_orders": len(self.journal.orders),
            "lines_not_compared": self.lines_not_compared,
            "differences": len(self.differences),
            "errors": self.errors,
            "warnings": self.warnings,
            "amount_at_stake": str(self.amount_at_stake),
            "currency": self.currency,
        }

    def to_json(self) -> dict[str, Any]:
        """The whole result as written by ``--json``."""
        return {
            "ok": self.errors == 0,
            "summary": self.summary(),
            "differences": [d.to_json() for d in self.differences],
        }


def reconcile(
    report: BillingReportFile,
    journal: JournalFacts,
    prices: Prices,
    *,
    all_customers: bool = False,
) -> Reconciliation:
    """Compare ``report`` with ``journal`` at ``prices``."""
    known = journal.customer_keys

    def in_scope(customer_id: str, external_id: str) -> bool:
        return all_customers or customer_id in known or external_id in known

    if report.per_partner:
        found = partner_differences(report.usage, journal, prices, whole_book=all_customers)
    elif report.per_user:
        found = user_differences(report.usage, journal, prices, in_scope)
    else:
        found = customer_differences(report.usage, journal, prices, in_scope)
    found += assist_differences(
        report.charges,
        journal.charged_orders(),
        prices,
        in_scope,
        lambda order: journal.due_in(order, report.period),
    )
    customers = [(u.customer_id, u.external_customer_id) for u in report.usage if u.customer_id]
    customers += [(c.customer_id, c.external_customer_id) for c in report.charges]
    skipped = sum(not in_scope(*customer) for customer in customers)
    ordered = tuple(sorted(found, key=lambda d: d.sort_key))
    return Reconciliation(report, journal, prices.currency, ordered, skipped)


def period_text(period: tuple[dt.date, dt.date] | None) -> str:
    """``2026-11-01 to 2026-11-30`` (or ``unknown`` for an empty report)."""
    return "unknown" if period is None else f"{period[0]} to {period[1]}"
