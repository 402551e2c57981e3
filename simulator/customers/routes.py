"""HTTP routes of ``/v1/wholesale/customers``: parse, call one backend method, serialise."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request, Response

from simulator.auth import Principal, Scope, require
from simulator.customers.models import CustomersBackend
from simulator.customers.schemas import (
    CustomerCreate,
    CustomerListResponse,
    CustomerPrecheck,
    CustomerPublic,
    CustomerUpdate,
    PrecheckResponse,
)
from simulator.errors import refuse_unknown_values
from simulator.lifecycle import CUSTOMER_STATUSES
from simulator.paging import Window, set_next_link
from simulator.runtime import Runtime, current_runtime
from simulator.wire import ResourceURL

router = APIRouter(tags=["Wholesale Provisioning"])
READ = Depends(require(Scope.CUSTOMERS_READ))
WRITE = Depends(require(Scope.CUSTOMERS_WRITE))
RUNTIME = Depends(current_runtime)


def _accepted(request: Request, response: Response, customer_id: str) -> ResourceURL:
    url = str(request.url_for("get_customer", customerId=customer_id))
    response.headers["Location"] = url
    return ResourceURL(url=url)


@router.get("/wholesale/customers", response_model_exclude_none=True)
def list_customers(
    request: Request,
    response: Response,
    externalId: str | None = None,
    orgId: str | None = None,
    status: list[str] = Query(default=[]),
    offset: str | None = None,
    max: str | None = None,
    onBehalfOfSubPartnerOrgId: str | None = None,
    runtime: Runtime = RUNTIME,
    principal: Principal = READ,
) -> CustomerListResponse:
    """List Wholesale Customers."""
    refuse_unknown_values("status", status, CUSTOMER_STATUSES)
    page = CustomersBackend(runtime, principal).list(
        external_id=externalId,
        org_id=orgId,
        statuses=status,
        sub_partner=onBehalfOfSubPartnerOrgId,
        window=Window.parse(offset, max, default=100, cap=100),
    )
    set_next_link(request, response, page)
    return CustomerListResponse(items=[CustomerPublic.of(c) for c in page.items])


@router.post("/wholesale/customers", status_code=202)
def provision_customer(
    body: CustomerCreate,
    request: Request,
    response: Response,
    onBehalfOfSubPartnerOrgId: str | None = None,
    runtime: Runtime = RUNTIME,
    principal: Principal = WRITE,
) -> ResourceURL:
    """Provision a Wholesale Customer (202 + ``Location``)."""
    customer_id = CustomersBackend(runtime, principal).provision(body, onBehalfOfSubPartnerOrgId)
    return _accepted(request, response, customer_id)


@router.post("/wholesale/customers/validate")
def precheck_customer(
    body: CustomerPrecheck,
    onBehalfOfSubPartnerOrgId: str | None = None,
    runtime: Runtime = RUNTIME,
    principal: Principal = WRITE,
) -> PrecheckResponse:
    """Precheck a Wholesale Customer Provisioning."""
    CustomersBackend(runtime, principal).precheck(body, onBehalfOfSubPartnerOrgId)
    return PrecheckResponse()


@router.get("/wholesale/customers/{customerId}", response_model_exclude_none=True)
def get_customer(
    customerId: str,
    request: Request,
    response: Response,
    onBehalfOfSubPartnerOrgId: str | None = None,
    includePackageLicenseInfo: bool = False,
    runtime: Runtime = RUNTIME,
    principal: Principal = READ,
) -> CustomerPublic:
    """Get a Wholesale Customer."""
    customer = CustomersBackend(runtime, principal).get(customerId, onBehalfOfSubPartnerOrgId)
    response.headers["Location"] = str(request.url_for("get_customer", customerId=customerId))
    return CustomerPublic.of(customer, license_info=includePackageLicenseInfo)


@router.put("/wholesale/customers/{customerId}", status_code=202)
def update_customer(
    customerId: str,
    body: CustomerUpdate,
    request: Request,
    response: Response,
    onBehalfOfSubPartnerOrgId: str | None = None,
    runtime: Runtime = RUNTIME,
    principal: Principal = WRITE,
) -> ResourceURL:
    """Update a Wholesale Customer (202 + ``Location``)."""
    CustomersBackend(runtime, principal).update(customerId, body, onBehalfOfSubPartnerOrgId)
    return _accepted(request, response, customerId)


@router.delete("/wholesale/customers/{customerId}", status_code=202)
def remove_customer(
    customerId: str,
    onBehalfOfSubPartnerOrgId: str | None = None,
    runtime: Runtime = RUNTIME,
    principal: Principal = WRITE,
) -> Response:
    """Remove a Wholesale Customer (202, then ``deleting`` until gone)."""
    CustomersBackend(runtime, principal).remove(customerId, onBehalfOfSubPartnerOrgId)
    return Response(status_code=202)


__all__ = [
    "READ",
    "RUNTIME",
    "WRITE",
    "get_customer",
    "list_customers",
    "precheck_customer",
    "provision_customer",
    "remove_customer",
    "router",
    "update_customer",
]
