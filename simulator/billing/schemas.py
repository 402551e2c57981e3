"""Wire models of ``/v1/wholesale/billing/reports``."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, StrictBool

from simulator.db.tables import BillingReport
from simulator.lifecycle import ReportStatus
from simulator.wire import WireModel, timestamp

ReportType = Literal["PARTNER", "CUSTOMER", "USER"]
CATEGORY = "RECONCILIATION"


class ReportCreate(WireModel):
    """Body of *Create a Wholesale Billing Report*."""

    billing_start_date: date
    billing_end_date: date
    type: ReportType = "PARTNER"
    sub_partner_org_id: str | None = None
    internal: StrictBool = False


class ReportId(WireModel):
    """The reference's ``ReportId``: what creating a report answers."""

    id: str
    billing_start_date: str
    billing_end_date: str
    type: str
    category: str = CATEGORY
    internal: bool | None = None

    @classmethod
    def of(cls, row: BillingReport) -> ReportId:
        """Serialise a just-created report."""
        return cls(
            id=row.id,
            billing_start_date=row.billing_start_date.isoformat(),
            billing_end_date=row.billing_end_date.isoformat(),
            type=row.type,
            internal=row.internal,
        )


class ReportError(WireModel):
    """The reference's ``ReportError``."""

    code: int
    description: str


class Report(WireModel):
    """The reference's ``Report`` (``tempDownloadURL`` once ``COMPLETED``)."""

    id: str
    billing_start_date: str
    billing_end_date: str
    type: str
    category: str = CATEGORY
    created: str
    created_by: str
    status: str
    temp_download_url: str | None = Field(default=None, alias="tempDownloadURL")
    errors: list[ReportError] | None = None

    @classmethod
    def of(cls, row: BillingReport, download_url: str | None) -> Report:
        """Serialise a stored report; ``download_url`` is a fresh signed link (or None)."""
        failed = row.status == ReportStatus.FAILED
        return cls(
            id=row.id,
            billing_start_date=row.billing_start_date.isoformat(),
            billing_end_date=row.billing_end_date.isoformat(),
            type=row.type,
            created=timestamp(row.created_at),
            created_by=row.created_by,
            status=row.status,
            temp_download_url=download_url,
            errors=[ReportError(code=7007, description=FAILED_DESCRIPTION)] if failed else None,
        )


FAILED_DESCRIPTION = (
    "Report generation failed in the simulator (an injected fault); create it again."
)


class ListReport(WireModel):
    """The reference's ``ListReport``."""

    id: str
    billing_start_date: str
    billing_end_date: str
    status: str
    type: str
    category: str = CATEGORY
    created: str

    @classmethod
    def of(cls, row: BillingReport) -> ListReport:
        """Serialise a stored report for a listing."""
        return cls(
            id=row.id,
            billing_start_date=row.billing_start_date.isoformat(),
            billing_end_date=row.billing_end_date.isoformat(),
            status=row.status,
            type=row.type,
            created=timestamp(row.created_at),
        )


class WholesaleBillingReportsListResponse(WireModel):
    """``{"items": [...]}``."""

    items: list[ListReport]
