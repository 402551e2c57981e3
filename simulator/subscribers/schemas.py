"""Wire models of ``/v1/wholesale/subscribers``, named and shaped after the reference."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from bulk.rules.packages import LEGACY_SUBSCRIBER_PACKAGES
from simulator.db.tables import Subscriber
from simulator.lifecycle import SubscriberStatus
from simulator.wire import SubscriberPackage, WireModel, timestamp

LEGACY_PACKAGES = LEGACY_SUBSCRIBER_PACKAGES
"""The deprecated single ``package`` field's enum (the rulebook's, :mod:`bulk.rules.packages`)."""

LegacyPackage = Annotated[str, Field(json_schema_extra={"enum": list(LEGACY_PACKAGES)})]


class SubscriberParameters(WireModel):
    """``provisioningParameters`` of a subscriber."""

    first_name: str | None = None
    last_name: str | None = None
    primary_phone_number: str | None = None
    extension: str | None = None
    location_id: str | None = None


class SubscriberCreate(WireModel):
    """Body of *Provision a Wholesale Subscriber* (``package`` or ``packages``, not both)."""

    customer_id: str
    email: str
    package: LegacyPackage | None = None
    packages: list[SubscriberPackage] | None = None
    provisioning_parameters: SubscriberParameters


class SubscriberUpdate(WireModel):
    """Body of *Update a Wholesale Subscriber*."""

    package: SubscriberPackage | None = None
    packages: list[SubscriberPackage] | None = None
    provisioning_parameters: SubscriberParameters | None = None


class PrecheckCustomerInfo(WireModel):
    """``customerInfo`` of a subscriber precheck."""

    primary_email: str


class SubscriberPrecheck(WireModel):
    """Body of *Precheck a Wholesale Subscriber Provisioning* (only ``email`` required)."""

    provisioning_id: str | None = None
    customer_id: str | None = None
    email: str
    package: LegacyPackage | None = None
    packages: list[SubscriberPackage] | None = None
    provisioning_parameters: SubscriberParameters | None = None
    customer_info: PrecheckCustomerInfo | None = None


class SubscriberPublic(WireModel):
    """A subscriber as the reference's ``Subscriber`` schema describes it (``personId`` only
    once provisioned; ``package`` only when it is one of the legacy field's values)."""

    id: str
    person_id: str | None = None
    email: str
    customer_id: str
    external_customer_id: str
    package: str | None = None
    packages: list[str]
    status: str
    created: str
    last_status_change: str

    @classmethod
    def of(cls, row: Subscriber, external_customer_id: str) -> SubscriberPublic:
        """Serialise a stored subscriber."""
        return cls(
            id=row.id,
            person_id=row.person_id if row.status == SubscriberStatus.PROVISIONED else None,
            email=row.email,
            customer_id=row.customer_id,
            external_customer_id=external_customer_id,
            package=row.package if row.package in LEGACY_PACKAGES else None,
            packages=[row.package],
            status=row.status,
            created=timestamp(row.created_at),
            last_status_change=timestamp(row.last_status_change),
        )


class SubscriberListResponse(WireModel):
    """``{"items": [...]}``."""

    items: list[SubscriberPublic]
