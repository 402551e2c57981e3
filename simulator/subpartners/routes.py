"""HTTP routes of ``/v1/wholesale/subPartners``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from simulator.auth import Principal, Scope, require
from simulator.paging import Window, set_next_link
from simulator.runtime import Runtime, current_runtime
from simulator.subpartners.models import SubPartnersBackend
from simulator.subpartners.schemas import SubPartnerPublic, SubPartnersListResponse

router = APIRouter(tags=["Wholesale Provisioning"])


@router.get("/wholesale/subPartners", response_model_exclude_none=True)
def list_sub_partners(
    request: Request,
    response: Response,
    provisioningState: str | None = None,
    offset: str | None = None,
    max: str | None = None,
    runtime: Runtime = Depends(current_runtime),
    principal: Principal = Depends(require(Scope.SUB_PARTNERS_READ)),
) -> SubPartnersListResponse:
    """List Wholesale Sub-partners."""
    page = SubPartnersBackend(runtime, principal).list(
        provisioningState, Window.parse(offset, max, default=100, cap=100)
    )
    set_next_link(request, response, page)
    return SubPartnersListResponse(items=[SubPartnerPublic.of(r) for r in page.items])
