"""Billing: download the billing reconciliation report and reconcile it with the import journal
(``rtm billing report|reconcile``, docs/design.md §6; columns in docs/billing.md)."""

from __future__ import annotations

from bulk.billing.acceptance import AcceptanceRefresh, refresh_acceptance
from bulk.billing.differences import DIFFERENCE_FIELDS, Difference
from bulk.billing.download import ReportNotReady, ReportWatcher, fetch_report
from bulk.billing.journal_view import JournalFacts, JournalFileError, read_journal
from bulk.billing.outputs import write_json, write_workbook
from bulk.billing.prices import Prices
from bulk.billing.reconcile import Reconciliation, period_text, reconcile
from bulk.billing.report_file import (
    BillingReportFile,
    ChargeLine,
    ReportFileError,
    UsageLine,
    neutralised_report,
    read_report,
)

__all__ = [
    "DIFFERENCE_FIELDS",
    "AcceptanceRefresh",
    "BillingReportFile",
    "ChargeLine",
    "Difference",
    "JournalFacts",
    "JournalFileError",
    "Prices",
    "Reconciliation",
    "ReportFileError",
    "ReportNotReady",
    "ReportWatcher",
    "UsageLine",
    "fetch_report",
    "neutralised_report",
    "period_text",
    "read_journal",
    "read_report",
    "reconcile",
    "refresh_acceptance",
    "write_json",
    "write_workbook",
]
