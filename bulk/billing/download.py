"""Create a billing report through the API, wait until it is generated, and download its CSV.

A report for exactly the same period and type that already exists (the API answers 409
``billing-period-duplicate``) is downloaded instead of failing: asking twice for the same
month's report gives the same file.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

from bulk.client import ApiError, ApiStatusError, BillingReport, WholesaleClient

Sleep = Callable[[float], Awaitable[None]]


class ReportNotReady(ApiError):
    """The report failed to generate, or did not finish in time."""


class ReportWatcher(Protocol):
    """Hears how the report comes along (the command line draws a spinner or prints lines)."""

    def created(self, report_id: str, reused: bool) -> None:
        """The report exists (``reused``: it existed already)."""

    def polled(self, status: str, waited: float) -> None:
        """One status read, ``waited`` seconds after creation."""

    def downloaded(self, size: int) -> None:
        """The CSV arrived (``size`` bytes)."""


async def fetch_report(
    api: WholesaleClient,
    start: str,
    end: str,
    report_type: str,
    watcher: ReportWatcher,
    *,
    timeout: float = 600.0,
    poll_interval: float = 0.5,
    sleep: Sleep = asyncio.sleep,
) -> tuple[BillingReport, bytes]:
    """The completed report and its CSV bytes."""
    report, reused = await _create_or_reuse(api, start, end, report_type)
    watcher.created(report.id, reused)
    began = time.monotonic()
    interval = poll_interval
    while True:
        report = await api.get_billing_report(report.id)
        waited = time.monotonic() - began
        watcher.polled(report.status, waited)
        if report.status == "COMPLETED" and report.temp_download_url:
            break
        if report.status == "FAILED":
            raise ReportNotReady(f"billing report {report.id} FAILED: {_errors(report)}")
        if waited > timeout:
            raise ReportNotReady(
                f"billing report {report.id} still {report.status} after {timeout:.0f} s"
            )
        await sleep(interval)
        interval = min(interval * 1.5, 5.0)
    assert report.temp_download_url is not None
    content = await api.download(report.temp_download_url)
    watcher.downloaded(len(content))
    return report, content


async def _create_or_reuse(
    api: WholesaleClient, start: str, end: str, report_type: str
) -> tuple[BillingReport, bool]:
    try:
        return await api.create_billing_report(start, end, report_type), False
    except ApiStatusError as error:
        if error.status != 409 or error.code != "billing-period-duplicate":
            raise
        for existing in await api.list_billing_reports():
            raw = existing.raw
            same = (raw.get("billingStartDate"), raw.get("billingEndDate"), raw.get("type"))
            if same == (start, end, report_type) and existing.status != "FAILED":
                return existing, True
        raise


def _errors(report: BillingReport) -> str:
    found = report.raw.get("errors")
    if isinstance(found, list) and found:
        return "; ".join(str(e.get("description", e)) for e in found if isinstance(e, dict))
    return "no reason given"
