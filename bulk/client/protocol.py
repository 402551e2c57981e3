"""The small interface the importer needs from an API client.

:class:`bulk.client.wholesale.WholesaleClient` satisfies it; tests may hand the importer any
other object with these methods."""

from __future__ import annotations

from typing import Any, Protocol

from bulk.client.models import AssistRequest, Customer, Location, Precheck, Subscriber


class ProvisioningApi(Protocol):
    """What the importer calls: prechecks, then customers, locations, subscribers and Setup
    Assist requests, each with a lookup by its natural key."""

    async def check_access(self) -> None:
        """Fail fast on a wrong token or URL."""

    async def precheck_customer(self, body: dict[str, Any]) -> Precheck:
        """Customer precheck."""

    async def precheck_subscriber(self, body: dict[str, Any]) -> Precheck:
        """Subscriber precheck."""

    async def create_customer(self, body: dict[str, Any]) -> str:
        """Create a customer; its id."""

    async def get_customer(self, customer_id: str) -> Customer:
        """One customer."""

    async def find_customer(self, external_id: str) -> Customer | None:
        """A customer by externalId."""

    async def update_customer(self, customer_id: str, body: dict[str, Any]) -> None:
        """Update a customer."""

    async def delete_customer(self, customer_id: str) -> None:
        """Remove a customer."""

    async def wait_for_customer(self, customer_id: str) -> Customer:
        """Poll until terminal."""

    async def find_location(self, org_id: str, name: str) -> Location | None:
        """A location by name in an org."""

    async def create_location(self, org_id: str, body: dict[str, Any]) -> str:
        """Create a location; its id."""

    async def create_subscriber(self, body: dict[str, Any]) -> Subscriber:
        """Create a subscriber."""

    async def find_subscriber(
        self, email: str, customer_id: str | None = None
    ) -> Subscriber | None:
        """A subscriber by email."""

    async def update_subscriber(self, subscriber_id: str, body: dict[str, Any]) -> Subscriber:
        """Update a subscriber."""

    async def delete_subscriber(self, subscriber_id: str) -> None:
        """Remove a subscriber."""

    async def create_assist_request(self, body: dict[str, Any]) -> AssistRequest:
        """Submit a Setup Assist request."""

    async def find_assist_request(self, customer_id: str, location_id: str) -> AssistRequest | None:
        """The assist request of a customer location."""
