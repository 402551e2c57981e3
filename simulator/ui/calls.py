"""The call log page: the API calls the simulator answered, newest first, one line each, with
filters (partner, method, status, fault, path). The trainer sees every partner's calls, a partner
user its own. Long ids are shortened on screen; the full value is in the title (hover) and
copied by the id's button.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from simulator.ui.access import Visit, login_required, visit_of
from simulator.ui.records import CallFilter, call_log_page, logged_partners
from simulator.ui.render import DashboardRoute, page, pager, window

router = APIRouter(prefix="/ui", route_class=DashboardRoute)
VISIT = Depends(visit_of)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
STATUS_CLASSES = (("2xx", "2xx success"), ("4xx", "4xx refused"), ("5xx", "5xx server error"))


@router.get("/calls", name="ui_calls")
def calls(
    request: Request,
    offset: str | None = None,
    partner: str = "",
    method: str = "",
    status: str = "",
    fault: str = "",
    path: str = "",
    visit: Visit = VISIT,
) -> HTMLResponse:
    """The API call log, newest first: every call for the trainer, a partner's own otherwise."""
    if visit.anonymous:
        raise login_required("a partner token or the admin token", "see the call log")
    own = None if visit.admin or visit.partner is None else visit.partner.partner_name
    wanted = CallFilter(
        partner="" if own else partner.strip(),
        method=method.strip().upper(),
        status=status.strip(),
        fault=fault.strip(),
        path=path.strip(),
    )
    listing = call_log_page(visit.runtime, own, window(offset), wanted)
    return page(
        visit,
        "calls.html",
        rows=listing.items,
        pager=pager(request, listing),
        wanted=wanted,
        partners=[] if own else logged_partners(visit.runtime),
        methods=METHODS,
        status_classes=STATUS_CLASSES,
    )


__all__ = ["router"]
