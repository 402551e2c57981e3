"""The home page (upload form and recent uploads) and the error-code page."""

from __future__ import annotations

from collections import defaultdict

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from bulk.rules.catalogue import CATALOGUE, FAMILIES, ErrorType
from bulk.web.portal import Portal, portal_of
from bulk.web.prerequisites import READINESS_ITEMS, prerequisites
from bulk.web.views import uploads_listing

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, portal: Portal = Depends(portal_of)) -> HTMLResponse:
    """Upload a workbook; the uploads still kept are listed to come back to; the Setup Assist
    prerequisites as the target API holds them."""
    return portal.render(
        request,
        "home.html.j2",
        uploads=uploads_listing(portal),
        as_of=portal.settings.as_of_default().isoformat(),
        keep_hours=portal.settings.keep_seconds / 3600,
        prerequisites=await prerequisites(portal.settings),
        readiness_items=READINESS_ITEMS,
    )


def families() -> list[tuple[str, list[ErrorType]]]:
    """The catalogue grouped by family, in numeric order."""
    grouped: dict[int, list[ErrorType]] = defaultdict(list)
    for entry in sorted(CATALOGUE.values(), key=lambda e: e.error_code):
        grouped[entry.error_code // 1000].append(entry)
    return [(FAMILIES[number], entries) for number, entries in sorted(grouped.items())]


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """No icon (and no 404 in the browser's console)."""
    return Response(status_code=204)


@router.get("/codes", response_class=HTMLResponse)
def codes(request: Request, portal: Portal = Depends(portal_of)) -> HTMLResponse:
    """Every error code of the catalogue: what it means and what to do."""
    return portal.render(request, "codes.html.j2", families=families(), total=len(CATALOGUE))
