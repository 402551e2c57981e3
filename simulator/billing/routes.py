"""HTTP routes of ``/v1/wholesale/billing/reports`` and the report downloads."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Request, Response

from simulator.auth import Principal, Scope, require
from simulator.billing.file_name import file_name_of
from simulator.billing.models import BillingBackend, ReportFiles
from simulator.billing.schemas import (
    ListReport,
    Report,
    ReportCreate,
    ReportId,
    WholesaleBillingReportsListResponse,
)
from simulator.paging import Window, set_next_link
from simulator.runtime import Runtime, current_runtime

router = APIRouter(tags=["Wholesale Billing Reports"])
files_router = APIRouter(tags=["Report downloads"])
READ = Depends(require(Scope.BILLING_READ))
WRITE = Depends(require(Scope.BILLING_WRITE))
RUNTIME = Depends(current_runtime)


@router.get("/wholesale/billing/reports", response_model_exclude_none=True)
def list_billing_reports(
    request: Request,
    response: Response,
    billingStartDate: str | None = None,
    billingEndDate: str | None = None,
    type: Literal["PARTNER", "CUSTOMER", "USER"] | None = None,
    sortBy: Literal["id", "billingStartDate", "billingEndDate", "status"] = "billingStartDate",
    status: Literal["IN_PROGRESS", "COMPLETED", "FAILED"] | None = None,
    max: str | None = None,
    offset: str | None = None,
    subPartnerOrgId: str | None = None,
    runtime: Runtime = RUNTIME,
    principal: Principal = READ,
) -> WholesaleBillingReportsListResponse:
    """List Wholesale Billing Reports (``max`` up to 100, default 100)."""
    page = BillingBackend(runtime, principal).list(
        start=billingStartDate,
        end=billingEndDate,
        report_type=type,
        status=status,
        sub_partner=subPartnerOrgId,
        sort_by=sortBy,
        window=Window.parse(offset, max, default=100, cap=100),
    )
    set_next_link(request, response, page)
    return WholesaleBillingReportsListResponse(items=[ListReport.of(r) for r in page.items])


@router.post("/wholesale/billing/reports", response_model_exclude_none=True)
def create_billing_report(
    body: ReportCreate, runtime: Runtime = RUNTIME, principal: Principal = WRITE
) -> ReportId:
    """Create a Wholesale Billing Report (generated asynchronously)."""
    return ReportId.of(BillingBackend(runtime, principal).create(body))


@router.get("/wholesale/billing/reports/{id}", response_model_exclude_none=True)
def get_billing_report(
    id: str, request: Request, runtime: Runtime = RUNTIME, principal: Principal = READ
) -> Report:
    """Get a Wholesale Billing Report (``tempDownloadURL`` once ``COMPLETED``)."""
    report, query = BillingBackend(runtime, principal).get(id)
    url = None
    if query is not None:
        url = str(
            request.url_for("download_report", reportId=report.id).include_query_params(**query)
        )
    return Report.of(report, url)


@router.delete("/wholesale/billing/reports/{id}", status_code=204)
def delete_billing_report(
    id: str, runtime: Runtime = RUNTIME, principal: Principal = WRITE
) -> Response:
    """Delete a Wholesale Billing Report (204)."""
    BillingBackend(runtime, principal).delete(id)
    return Response(status_code=204)


@files_router.get("/_files/reports/{reportId}.csv")
def download_report(
    reportId: str, exp: str = "", sig: str = "", runtime: Runtime = RUNTIME
) -> Response:
    """A completed report's CSV, behind a signed link that expires an hour after it was issued."""
    text = ReportFiles(runtime).read(reportId, exp, sig)
    name = file_name_of(runtime, reportId)
    return Response(
        text,
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


__all__ = [
    "READ",
    "RUNTIME",
    "WRITE",
    "create_billing_report",
    "delete_billing_report",
    "download_report",
    "files_router",
    "get_billing_report",
    "list_billing_reports",
    "router",
]
