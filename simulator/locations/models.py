"""The locations backend, and how a customer's calling location joins it at provisioning."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bulk.rules.violations import RuleViolation, Violation
from simulator import ids
from simulator.auth import Principal
from simulator.db.tables import Customer, Location, Subscriber
from simulator.errors import SimulatorError, not_found
from simulator.lifecycle import CUSTOMER_USABLE, CustomerStatus
from simulator.locations.checks import create_violations, update_violations
from simulator.locations.schemas import LocationCreate, LocationUpdate
from simulator.paging import Page, Window
from simulator.runtime import Runtime

VISIBLE_ORG_STATUSES = (*CUSTOMER_USABLE, CustomerStatus.UPDATING)


class LocationsBackend:
    """``/v1/locations`` for one partner: locations of its provisioned customers' orgs."""

    def __init__(self, runtime: Runtime, principal: Principal) -> None:
        self.runtime = runtime
        self.principal = principal

    def list(
        self, *, org_id: str | None, name: str | None, location_id: str | None, window: Window
    ) -> Page[Location]:
        """Locations of ``org_id``, or of the caller's own (partner) org without it, as the
        reference says."""
        org_id = org_id or self.principal.partner_org_id
        with self.runtime.store.transaction() as session:
            self._check_org(session, org_id)
            query = select(Location).where(Location.org_id == org_id)
            if name:
                query = query.where(func.lower(Location.name).contains(name.lower()))
            if location_id:
                query = query.where(Location.id == location_id)
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = session.scalars(
                query.order_by(Location.created_at, Location.id)
                .offset(window.offset)
                .limit(window.limit)
            ).all()
        return Page(rows, window, total)

    def create(self, org_id: str | None, body: LocationCreate) -> str:
        """Create a location in a customer org (or, without ``orgId``, in the caller's own
        org); returns its id."""
        org_id = org_id or self.principal.partner_org_id
        _raise_if_any(create_violations(body))
        with self.runtime.store.transaction() as session:
            self._check_org(session, org_id)
            self._refuse_duplicate(session, org_id, body.name)
            now = self.runtime.clock.now(self.runtime.store.state(session))
            location = Location(
                id=ids.new_id(ids.LOCATION),
                partner_id=self.principal.partner_id,
                org_id=org_id,
                name=body.name,
                address=body.address.model_dump(by_alias=True, exclude_none=True),
                time_zone=body.time_zone,
                preferred_language=body.preferred_language,
                announcement_language=body.announcement_language,
                latitude=body.latitude,
                longitude=body.longitude,
                notes=body.notes,
                created_at=now,
            )
            session.add(location)
            return location.id

    def get(self, location_id: str, org_id: str | None) -> Location:
        """One location of the partner's customers."""
        with self.runtime.store.transaction() as session:
            return self._owned(session, location_id, org_id)

    def update(self, location_id: str, org_id: str | None, body: LocationUpdate) -> None:
        """Change the given fields of a location (*Update a Location*, 204)."""
        _raise_if_any(update_violations(body))
        with self.runtime.store.transaction() as session:
            location = self._owned(session, location_id, org_id)
            _raise_if_any(update_violations(body, location.address))
            name = body.name or location.name
            zone = body.time_zone or location.time_zone
            language = body.preferred_language or location.preferred_language
            if name != location.name:
                self._refuse_duplicate(session, location.org_id, name)
            location.name, location.time_zone, location.preferred_language = name, zone, language
            if body.address is not None:
                given = body.address.model_dump(by_alias=True, exclude_none=True)
                location.address = {**location.address, **given}

    def delete(self, location_id: str, org_id: str | None) -> None:
        """Delete a location no subscriber uses (Webex asks for calling to be disabled at a
        location before it is deleted)."""
        with self.runtime.store.transaction() as session:
            location = self._owned(session, location_id, org_id)
            used = session.scalar(
                select(func.count())
                .select_from(Subscriber)
                .where(Subscriber.location_id == location_id)
            )
            if used:
                raise SimulatorError(
                    "api-conflict",
                    reason=f"location '{location.name}' has {used} calling subscriber(s); "
                    "move or remove them before deleting it",
                )
            session.delete(location)

    def _owned(self, session: Session, location_id: str, org_id: str | None) -> Location:
        found = session.get(Location, location_id)
        if (
            found is None
            or found.partner_id != self.principal.partner_id
            or (org_id and found.org_id != org_id)
        ):
            raise not_found("Location", location_id)
        return found

    def _check_org(self, session: Session, org_id: str) -> None:
        if org_id == self.principal.partner_org_id:
            return
        owner = session.scalar(
            select(Customer.id).where(
                Customer.partner_id == self.principal.partner_id,
                Customer.org_id == org_id,
                Customer.status.in_(VISIBLE_ORG_STATUSES),
            )
        )
        if owner is None:
            raise not_found("Organization", org_id)

    def _refuse_duplicate(self, session: Session, org_id: str, name: str) -> None:
        existing = session.scalar(
            select(Location.id).where(Location.org_id == org_id, Location.name == name)
        )
        if existing is not None:
            raise SimulatorError(
                "api-conflict", reason=f"location '{name}' already exists in this org ({existing})"
            )


def _raise_if_any(violations: list[Violation]) -> None:
    if violations:
        raise RuleViolation(violations)


def add_calling_location(session: Session, customer: Customer, now: datetime) -> None:
    """Create the customer's calling location (from its provisioning parameters) once."""
    calling: dict[str, Any] = customer.provisioning_parameters.get("calling") or {}
    spec: dict[str, Any] = calling.get("location") or {}
    if not spec:
        return
    exists = session.scalar(
        select(Location.id).where(Location.org_id == customer.org_id, Location.name == spec["name"])
    )
    if exists is not None:
        return
    session.add(
        Location(
            id=ids.new_id(ids.LOCATION),
            partner_id=customer.partner_id,
            org_id=customer.org_id,
            name=spec["name"],
            address=locations_address(spec.get("address", {})),
            time_zone=spec.get("timezone", "UTC"),
            preferred_language=spec.get("language", "en_us"),
            announcement_language=spec.get("language", "en_us"),
            emergency_location_identifier=spec.get("emergencyLocationIdentifier"),
            created_at=now,
        )
    )


_ADDRESS_FIELDS = {
    "addressLine1": "address1",
    "addressLine2": "address2",
    "city": "city",
    "stateOrProvince": "state",
    "zipOrPostalCode": "postalCode",
    "country": "country",
}


def locations_address(wholesale: dict[str, Any]) -> dict[str, Any]:
    """A wholesale (provisioning) address in the Locations API's field names."""
    return {new: wholesale[old] for old, new in _ADDRESS_FIELDS.items() if wholesale.get(old)}


def remove_org_locations(session: Session, org_id: str) -> None:
    """Remove every location of a removed customer's org."""
    session.query(Location).filter(Location.org_id == org_id).delete()
