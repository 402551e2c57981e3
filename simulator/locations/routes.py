"""HTTP routes of ``/v1/locations``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from simulator.auth import Principal, Scope, require
from simulator.locations.models import LocationsBackend
from simulator.locations.schemas import (
    LocationCreate,
    LocationCreated,
    LocationPublic,
    LocationsCollectionResponse,
    LocationUpdate,
)
from simulator.paging import Window, set_next_link
from simulator.runtime import Runtime, current_runtime

router = APIRouter(tags=["Locations"])
RUNTIME = Depends(current_runtime)


@router.get("/locations", response_model_exclude_none=True)
def list_locations(
    request: Request,
    response: Response,
    name: str | None = None,
    id: str | None = None,
    orgId: str | None = None,
    max: str | None = None,
    offset: str | None = None,
    runtime: Runtime = RUNTIME,
    principal: Principal = Depends(require(Scope.LOCATIONS_READ)),
) -> LocationsCollectionResponse:
    """List Locations of a customer org (``orgId``)."""
    page = LocationsBackend(runtime, principal).list(
        org_id=orgId, name=name, location_id=id, window=Window.parse(offset, max, 500, 1000)
    )
    set_next_link(request, response, page)
    return LocationsCollectionResponse(items=[LocationPublic.of(r) for r in page.items])


@router.post("/locations", status_code=201)
def create_location(
    body: LocationCreate,
    orgId: str | None = None,
    runtime: Runtime = RUNTIME,
    principal: Principal = Depends(require(Scope.LOCATIONS_WRITE)),
) -> LocationCreated:
    """Create a Location in a customer org (201)."""
    return LocationCreated(id=LocationsBackend(runtime, principal).create(orgId, body))


@router.get("/locations/{locationId}", response_model_exclude_none=True)
def get_location(
    locationId: str,
    orgId: str | None = None,
    runtime: Runtime = RUNTIME,
    principal: Principal = Depends(require(Scope.LOCATIONS_READ)),
) -> LocationPublic:
    """Get Location Details."""
    return LocationPublic.of(LocationsBackend(runtime, principal).get(locationId, orgId))


@router.put("/locations/{locationId}", status_code=204)
def update_location(
    locationId: str,
    body: LocationUpdate,
    orgId: str | None = None,
    runtime: Runtime = RUNTIME,
    principal: Principal = Depends(require(Scope.LOCATIONS_WRITE)),
) -> Response:
    """Update a Location (204; only the given fields change)."""
    LocationsBackend(runtime, principal).update(locationId, orgId, body)
    return Response(status_code=204)


@router.delete("/locations/{locationId}", status_code=204)
def delete_location(
    locationId: str,
    orgId: str | None = None,
    runtime: Runtime = RUNTIME,
    principal: Principal = Depends(require(Scope.LOCATIONS_WRITE)),
) -> Response:
    """Delete Location (204); a location calling subscribers use is refused (409)."""
    LocationsBackend(runtime, principal).delete(locationId, orgId)
    return Response(status_code=204)
