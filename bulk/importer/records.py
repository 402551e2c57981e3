"""What the journal keeps for billing reconciliation: Setup Assist orders and subscriber
packages (tables ``assist_orders`` and ``subscriber_packages``, docs/importer.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AssistOrder:
    """What a Setup Assist request ordered, as the API answered it (for reconciliation)."""

    customer_external_id: str
    location_name: str
    customer_id: str | None
    location_id: str | None
    request_id: str
    seats: int
    sku: str
    quantity: int
    unit_net_price: str | None
    amount: str | None
    currency: str | None
    requested_completion_date: str | None
    status: str | None
    submitted_at: str | None = None
    """When the server received the request (its ``submittedAt``, server clock, UTC)."""
    accepted_at: str | None = None
    """When the server accepted it (its ``acceptedAt``): the day it is charged on. ``None``
    while the journal has not seen it accepted."""


@dataclass(frozen=True, slots=True)
class SubscriberPackage:
    """The package a subscriber was provisioned with (``status`` ``deleted`` once removed)."""

    email: str
    customer_external_id: str
    customer_id: str | None
    subscriber_id: str | None
    location_name: str | None
    package: str
    status: str
