"""The name a billing report's CSV is saved under: ``billing-<type>-<start>-<end>.csv`` (such as
``billing-partner-2026-11-01-2026-11-30.csv``), so a folder of downloads reads at a glance."""

from __future__ import annotations

from simulator.db.tables import BillingReport
from simulator.runtime import Runtime


def file_name(report: BillingReport) -> str:
    """``billing-<type>-<start>-<end>.csv`` of ``report`` (type in lower case, ISO dates)."""
    kind = report.type.lower()
    return f"billing-{kind}-{report.billing_start_date}-{report.billing_end_date}.csv"


def file_name_of(runtime: Runtime, report_id: str) -> str:
    """The file name of the stored report ``report_id`` (its id when it is gone)."""
    with runtime.store.read() as session:
        report = session.get(BillingReport, report_id)
    return file_name(report) if report is not None else f"{report_id}.csv"


__all__ = ["file_name", "file_name_of"]
