"""Wire models of ``/v1/locations`` (shaped as the reference's examples and request schema)."""

from __future__ import annotations

from simulator.db.tables import Location
from simulator.wire import WireModel


class LocationAddress(WireModel):
    """The address of a location create request (``address1``, ``city``, ``state``,
    ``postalCode`` and ``country`` required, as in ``PostCommonLocationObject``)."""

    address1: str
    address2: str | None = None
    city: str
    state: str
    postal_code: str
    country: str


class LocationCreate(WireModel):
    """Body of *Create a Location*."""

    name: str
    time_zone: str
    preferred_language: str
    announcement_language: str
    address: LocationAddress
    latitude: str | None = None
    longitude: str | None = None
    notes: str | None = None


class LocationAddressPublic(WireModel):
    """A location address on responses."""

    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None


class LocationPublic(WireModel):
    """A location as the reference's ``/locations`` examples show it."""

    id: str
    name: str
    org_id: str
    address: LocationAddressPublic
    time_zone: str
    preferred_language: str
    latitude: str | None = None
    longitude: str | None = None
    notes: str | None = None

    @classmethod
    def of(cls, row: Location) -> LocationPublic:
        """Serialise a stored location."""
        return cls(
            id=row.id,
            name=row.name,
            org_id=row.org_id,
            address=LocationAddressPublic.model_validate(row.address),
            time_zone=row.time_zone,
            preferred_language=row.preferred_language,
            latitude=row.latitude,
            longitude=row.longitude,
            notes=row.notes,
        )


class LocationsCollectionResponse(WireModel):
    """``{"items": [...]}``."""

    items: list[LocationPublic]


class LocationCreated(WireModel):
    """``{"id": ...}`` of a created location."""

    id: str


class LocationUpdateAddress(WireModel):
    """The address of *Update a Location* (``PutCommonLocationObject``: every field optional;
    the given ones replace the stored ones)."""

    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None


class LocationUpdate(WireModel):
    """Body of *Update a Location*: only the given fields change."""

    name: str | None = None
    time_zone: str | None = None
    preferred_language: str | None = None
    address: LocationUpdateAddress | None = None
